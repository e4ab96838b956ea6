using RlCommons.Decisions;
using RlCommons.Monitoring.OffPolicy;
using RlCommons.Randomness;
using Xunit.Abstractions;

namespace RlCommons.Monitoring.Tests.OffPolicy;

/// <summary>
/// Synthetic logs with a known true value: six contexts drawn uniformly, three actions, a non-linear mean reward
/// (so the linear ridge model of DM is misspecified) plus Gaussian noise, a softmax logging policy and a different
/// target policy. The truth is the exact average over contexts of Σ_a π(a|x) μ(x, a).
/// </summary>
public sealed class OffPolicyCoverageTests(ITestOutputHelper output)
{
    private const int Repetitions = 200;
    private const int LogSize = 1_000;
    private const int Actions = 3;

    private static readonly float[][] Contexts =
    [
        [0f, 1f], [1f, 0f], [1f, 1f], [-1f, 0.5f], [0.5f, -1f], [2f, 0.3f],
    ];

    private static double MeanReward(ReadOnlySpan<float> x, int a) => Math.Sin(1 + (x[0] * (a + 1))) + (0.5 * x[1] * x[1] * (a - 1));

    private static double LoggingProbability(ReadOnlySpan<float> x, int a) => Softmax(x, a, [0.3, -0.2, 0.1], 1.0);

    private static double TargetProbability(ReadOnlySpan<float> x, int a) => Softmax(x, a, [-0.8, 0.4, 0.9], 2.0);

    private static double Softmax(ReadOnlySpan<float> x, int a, double[] slopes, double temperatureInverse)
    {
        Span<double> scores = stackalloc double[Actions];
        double max = double.NegativeInfinity;
        for (int k = 0; k < Actions; k++)
        {
            scores[k] = temperatureInverse * ((slopes[k] * x[0]) + (0.3 * k * x[1]));
            max = Math.Max(max, scores[k]);
        }

        double sum = 0;
        for (int k = 0; k < Actions; k++)
        {
            scores[k] = Math.Exp(scores[k] - max);
            sum += scores[k];
        }

        return scores[a] / sum;
    }

    private static double TrueValue()
    {
        double total = 0;
        foreach (float[] x in Contexts)
        {
            for (int a = 0; a < Actions; a++)
            {
                total += TargetProbability(x, a) * MeanReward(x, a);
            }
        }

        return total / Contexts.Length;
    }

    private static DecisionLogEntry[] Simulate(ulong seed)
    {
        var random = new Xoshiro256Random(seed);
        var logs = new DecisionLogEntry[LogSize];
        for (int i = 0; i < LogSize; i++)
        {
            float[] x = Contexts[random.Next(Contexts.Length)];
            double u = random.NextDouble();
            int action = Actions - 1;
            double cumulative = 0;
            double propensity = LoggingProbability(x, action);
            for (int a = 0; a < Actions - 1; a++)
            {
                double p = LoggingProbability(x, a);
                cumulative += p;
                if (u < cumulative)
                {
                    action = a;
                    propensity = p;
                    break;
                }
            }

            // Box–Muller from the seeded generator: noise with standard deviation 0.5.
            double noise = 0.5 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            logs[i] = DecisionLogEntry.FromHistory(i, x, action, propensity, MeanReward(x, action) + noise);
        }

        return logs;
    }

    [Fact]
    public void Estimators_TwoHundredSeededLogs_DoublyRobustAndSnipsCoverTheTruth()
    {
        double truth = TrueValue();
        int dr = 0, snips = 0, ips = 0, dm = 0;
        for (int rep = 0; rep < Repetitions; rep++)
        {
            DecisionLogEntry[] logs = Simulate(1000 + (ulong)rep);
            var evaluator = new OffPolicyEvaluator(logs, Actions, TargetProbability);
            RidgeRewardModel model = RidgeRewardModel.Fit(logs, Actions);
            dr += Covers(evaluator.DoublyRobust(model), truth);
            snips += Covers(evaluator.SelfNormalizedInversePropensityScoring(), truth);
            ips += Covers(evaluator.InversePropensityScoring(), truth);
            dm += Covers(evaluator.DirectMethod(model), truth);
        }

        output.WriteLine($"truth={truth:R} coverage of {Repetitions}: DR={dr} SNIPS={snips} IPS={ips} DM={dm}");
        Assert.True(dr >= 0.9 * Repetitions, $"DR covered the truth in {dr} of {Repetitions} repetitions.");
        Assert.True(snips >= 0.9 * Repetitions, $"SNIPS covered the truth in {snips} of {Repetitions} repetitions.");
    }

    [Fact]
    public void Simulate_SameSeed_GivesIdenticalEstimates()
    {
        OffPolicyEstimate a = new OffPolicyEvaluator(Simulate(7), Actions, TargetProbability).DoublyRobust();
        OffPolicyEstimate b = new OffPolicyEvaluator(Simulate(7), Actions, TargetProbability).DoublyRobust();

        Assert.Equal(a, b);
    }

    private static int Covers(OffPolicyEstimate e, double truth) => e.Interval.Low <= truth && truth <= e.Interval.High ? 1 : 0;
}
