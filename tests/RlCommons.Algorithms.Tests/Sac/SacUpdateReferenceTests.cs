using RlCommons.Buffers;
using RlCommons.Neural.Layers;
using RlCommons.Randomness;
using RlCommons.Algorithms.Sac;
using RlCommons.Spaces;
using Xunit;

namespace RlCommons.Algorithms.Tests.Sac;

/// <summary>
/// Checks one SAC update against an independent double-precision computation of SB3's losses, differentiated by
/// central finite differences. With Adam's ε = 1, the first Adam step moves each parameter by −lr·g/(|g| + 1), so
/// the parameter changes reveal the gradients the agent used.
/// </summary>
public sealed class SacUpdateReferenceTests
{
    private const long Seed = 11;
    private const double LearningRate = 1e-3;
    private const double AdamEpsilon = 1.0;
    private const double Gamma = 0.9;
    private const double Tau = 0.25;
    private const double Alpha = 0.5;

    private static readonly double[][] Observations = [[0.3, -0.7], [-1.1, 0.4]];
    private static readonly double[][] Actions = [[0.5], [-0.25]];
    private static readonly double[] Rewards = [1.5, -0.5];
    private static readonly double[][] NextObservations = [[0.2, 0.9], [0.6, -0.3]];
    private static readonly bool[] Terminated = [false, true];

    [Fact]
    public void Update_TinyBatch_MatchesFiniteDifferenceGradientsOfSb3Losses()
    {
        var agent = new SacAgent(2, new BoxSpace(-2f, 2f, 1), new SacOptions
        {
            Seed = Seed,
            HiddenSizes = [4],
            BatchSize = 2,
            BufferSize = 2,
            LearningRate = LearningRate,
            AdamEpsilon = AdamEpsilon,
            Gamma = Gamma,
            Tau = Tau,
            EntropyCoefficient = Alpha,
        });
        Net actor0 = Net.Of(agent.Actor);
        Net q10 = Net.Of(agent.Critic1);
        Net q20 = Net.Of(agent.Critic2);
        double logAlpha0 = agent.LogAlpha.Values[0];
        Assert.Equal(q10.Flat(), Net.Of(agent.TargetCritic1).Flat());

        // The update draws ε for the next states first, then for the current states (Box–Muller, two uniforms each).
        var sampling = new Xoshiro256Random(SeedSequence.Derive(unchecked((ulong)Seed), 2));
        double[] nextNoise = [Normal(sampling), Normal(sampling)];
        double[] noise = [Normal(sampling), Normal(sampling)];

        agent.Update(Batch());

        Net actor1 = Net.Of(agent.Actor);
        Net q11 = Net.Of(agent.Critic1);
        Net q21 = Net.Of(agent.Critic2);

        // Entropy coefficient: ∂/∂log α of −mean(log α·(log π + H̄)) with H̄ = −dim A = −1.
        double alphaGradient = -Enumerable.Range(0, 2).Average(i => Sample(actor0, Observations[i], noise[i]).LogProbability - 1.0);
        AssertAdamStep(logAlpha0, agent.LogAlpha.Values[0], alphaGradient);

        // Critics: ½ Σⱼ mean((Qⱼ(s, a) − y)²) with y from the initial targets, the initial actor and α₀.
        double[] targets = new double[2];
        for (int i = 0; i < 2; i++)
        {
            (double a, double logProbability) = Sample(actor0, NextObservations[i], nextNoise[i]);
            double soft = Math.Min(q10.Q(NextObservations[i], a), q20.Q(NextObservations[i], a)) - (Alpha * logProbability);
            targets[i] = Rewards[i] + (Terminated[i] ? 0 : Gamma * soft);
        }

        double CriticLoss(Net q) => Enumerable.Range(0, 2).Average(i => Math.Pow(q.Q(Observations[i], Actions[i][0]) - targets[i], 2)) / 2;
        AssertAdamSteps(q10, q11, CriticLoss);
        AssertAdamSteps(q20, q21, CriticLoss);

        // Actor: mean(α₀·log π(ã|s) − min Q(s, ã)) through the updated critics, ε fixed.
        double ActorLoss(Net pi) => Enumerable.Range(0, 2).Average(i =>
        {
            (double a, double logProbability) = Sample(pi, Observations[i], noise[i]);
            return (Alpha * logProbability) - Math.Min(q11.Q(Observations[i], a), q21.Q(Observations[i], a));
        });
        AssertAdamSteps(actor0, actor1, ActorLoss);

        // Targets: θ′ ← θ′ + τ(θ − θ′) from the updated critics.
        double[] expected = [.. q10.Flat().Zip(q11.Flat(), (old, updated) => old + (Tau * (updated - old)))];
        double[] actual = Net.Of(agent.TargetCritic1).Flat();
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], actual[k], 1e-6);
        }
    }

    private static ReplayBatch Batch()
    {
        var buffer = new ReplayBuffer(2, 2, 1);
        for (int i = 0; i < 2; i++)
        {
            buffer.Add(ToFloats(Observations[i]), ToFloats(Actions[i]), (float)Rewards[i], ToFloats(NextObservations[i]), Terminated[i], truncated: false);
        }

        ReplayBatch batch = buffer.CreateBatch(2);
        buffer.Gather([0, 1], batch);
        return batch;
    }

    private static float[] ToFloats(double[] values) => [.. values.Select(v => (float)v)];

    private static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    // ã = tanh(μ + σε) with log σ clamped to [−20, 2]; log π = log N(u; μ, σ) − log(1 − ã² + 10⁻⁶).
    private static (double Action, double LogProbability) Sample(Net actor, double[] observation, double noise)
    {
        double[] output = actor.Forward(observation);
        double logStd = Math.Clamp(output[1], -20, 2);
        double action = Math.Tanh(output[0] + (Math.Exp(logStd) * noise));
        double logProbability = (-0.5 * noise * noise) - logStd - (0.5 * Math.Log(2 * Math.PI)) - Math.Log(1 - (action * action) + 1e-6);
        return (action, logProbability);
    }

    private static void AssertAdamSteps(Net before, Net after, Func<Net, double> loss)
    {
        double[] theta = before.Flat();
        double[] updated = after.Flat();
        double largest = 0;
        for (int k = 0; k < theta.Length; k++)
        {
            const double h = 1e-6;
            double gradient = (loss(before.With(k, theta[k] + h)) - loss(before.With(k, theta[k] - h))) / (2 * h);
            AssertAdamStep(theta[k], updated[k], gradient);
            largest = Math.Max(largest, Math.Abs(gradient));
        }

        // Steps of large gradients are far above the tolerance, so a wrong gradient cannot pass unnoticed.
        Assert.True(largest > 0.05, $"largest gradient {largest}");
    }

    private static void AssertAdamStep(double before, double after, double gradient)
    {
        double expected = -LearningRate * gradient / (Math.Abs(gradient) + AdamEpsilon);
        double actual = after - before;
        Assert.True(Math.Abs(actual - expected) <= 1e-6 + (1e-3 * Math.Abs(expected)), $"step {actual}, expected {expected} (gradient {gradient})");
    }

    /// <summary>A ReLU MLP in double precision with the agent's weights (PyTorch layout: weight is output × input).</summary>
    private sealed class Net
    {
        private readonly double[][] _weights;
        private readonly double[][] _biases;
        private readonly int[] _inputs;

        private Net(double[][] weights, double[][] biases, int[] inputs)
        {
            _weights = weights;
            _biases = biases;
            _inputs = inputs;
        }

        public static Net Of(Mlp mlp) => new(
            [.. mlp.Layers.Select(l => l.Weight.Values.ToArray().Select(v => (double)v).ToArray())],
            [.. mlp.Layers.Select(l => l.Bias.Values.ToArray().Select(v => (double)v).ToArray())],
            [.. mlp.Layers.Select(l => l.InputSize)]);

        public double[] Flat() => [.. _weights.Zip(_biases, (w, b) => w.Concat(b)).SelectMany(x => x)];

        public Net With(int index, double value)
        {
            double[][] weights = [.. _weights.Select(w => (double[])w.Clone())];
            double[][] biases = [.. _biases.Select(b => (double[])b.Clone())];
            for (int l = 0; l < weights.Length; l++)
            {
                if (index < weights[l].Length)
                {
                    weights[l][index] = value;
                    return new Net(weights, biases, _inputs);
                }

                index -= weights[l].Length;
                if (index < biases[l].Length)
                {
                    biases[l][index] = value;
                    return new Net(weights, biases, _inputs);
                }

                index -= biases[l].Length;
            }

            throw new ArgumentOutOfRangeException(nameof(index));
        }

        public double Q(double[] observation, double action) => Forward([.. observation, action])[0];

        public double[] Forward(double[] input)
        {
            double[] x = input;
            for (int l = 0; l < _weights.Length; l++)
            {
                int inputs = _inputs[l];
                double[] b = _biases[l];
                var y = new double[b.Length];
                for (int o = 0; o < y.Length; o++)
                {
                    double sum = b[o];
                    for (int i = 0; i < inputs; i++)
                    {
                        sum += _weights[l][(o * inputs) + i] * x[i];
                    }

                    y[o] = l < _weights.Length - 1 ? Math.Max(0, sum) : sum;
                }

                x = y;
            }

            return x;
        }
    }
}
