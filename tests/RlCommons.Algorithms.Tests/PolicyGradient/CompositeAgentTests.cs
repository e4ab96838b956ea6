using RlCommons.Algorithms.Tests.Support;
using RlCommons.Environments;
using RlCommons.Neural.Activations;
using RlCommons.Policies;
using RlCommons.Algorithms.PolicyGradient;
using RlCommons.Randomness;
using RlCommons.Snapshots;
using RlCommons.Spaces;
using Xunit;

namespace RlCommons.Algorithms.Tests.PolicyGradient;

/// <summary>
/// PPO and A2C over a <see cref="CompositeSpace"/> of discrete, multi-discrete and box parts: categoricals plus one
/// diagonal Gaussian, the joint log-density their sum, reported through <see cref="IContinuousPolicy"/>.
/// </summary>
public sealed class CompositeAgentTests
{
    // Action vector: [tier (1…3), layout (0…1), badge (0…1), spend (box [−1, 1])].
    private static readonly CompositeSpace Space = new(("tier", new DiscreteSpace(3, start: 1)), ("copy", new MultiDiscreteSpace(2, 2)), ("spend", new BoxSpace(-1f, 1f, 1)));

    public static TheoryData<string> Kinds => ["Ppo", "A2c"];

    [Fact]
    public void Evaluate_KnownOutputs_LogDensityAndEntropyAddTheGaussianBlock()
    {
        // Categoricals (0, ln 3) and (0, 0, ln 2): π₀ = (¼, ¾), π₁ = (¼, ¼, ½); Gaussian means (0.5, −1), log σ (ln 2, 0).
        var net = new ActorCritic(1, 5, 2, [], [], Activation.Tanh, 2, 0, 7, componentCounts: [2, 3]);
        foreach (var parameter in net.Actor.Parameters)
        {
            parameter.Values.Clear();
        }

        float[] outputs = [0f, MathF.Log(3f), 0f, 0f, MathF.Log(2f), 0.5f, -1f];
        outputs.CopyTo(net.Actor.Parameters[^1].Values);
        net.LogStd!.Values[0] = MathF.Log(2f);
        net.LogStd.Values[1] = 0f;
        var logDensities = new float[1];
        var entropies = new float[1];

        net.Evaluate([0f], 1, [1, 2, 1.5f, -1f], default, logDensities, entropies, new float[1]);

        double halfLog2Pi = 0.5 * Math.Log(2 * Math.PI);
        double expected = Math.Log(0.75 * 0.5) + (-(1.0 * 1.0 / (2 * 4)) - Math.Log(2) - halfLog2Pi) + (-halfLog2Pi);
        double entropy = -((0.25 * Math.Log(0.25)) + (0.75 * Math.Log(0.75))) - ((0.5 * Math.Log(0.25)) + (0.5 * Math.Log(0.5))) + (2 * (0.5 + halfLog2Pi)) + Math.Log(2);
        Assert.Equal(expected, logDensities[0], 5);
        Assert.Equal(entropy, entropies[0], 5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_Composite_MatchesFiniteDifferencesOfTheLoss(bool shared)
    {
        const int Rows = 4;
        var net = new ActorCritic(3, 5, 2, [6], [5], Activation.Tanh, Rows, -0.3, 11, shared, componentCounts: [2, 3]);
        var random = new Xoshiro256Random(4);
        float[] observations = [.. Enumerable.Range(0, Rows * 3).Select(_ => (float)((3 * random.NextDouble()) - 1.5))];
        float[] actions = [0, 2, 0.3f, -0.7f, 1, 0, -1.2f, 0.1f, 1, 1, 0.5f, 0.5f, 0, 2, 0f, 1.4f];
        float[] weights = [0.7f, -0.4f, 0.2f, -0.9f];
        float[] valueWeights = [0.3f, -0.5f, 0.8f, 0.1f];
        const float EntropyWeight = 0.3f;

        ActorCriticGradientCheck.AssertMatchesFiniteDifferences(net, Rows, observations, actions, [], weights, EntropyWeight, valueWeights);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decide_Composite_WritesPartsInOrderAndReturnsTheLogDensityOfTheAction(string kind)
    {
        OnPolicyAgent agent = Trained(kind, 1);
        IContinuousPolicy policy = agent;
        var action = new float[4];

        Assert.True(agent.IsComposite);
        Assert.Equal(4, policy.ActionDimension);
        Assert.Equal(7, agent.ActionMaskLength);
        for (int i = 0; i < 40; i++)
        {
            float[] features = [i % 2, 1 - (i % 2)];
            double logDensity = policy.Decide(features, action, explore: true);

            Assert.InRange(action[0], 1f, 3f);
            Assert.Equal(MathF.Round(action[0]), action[0]);
            Assert.True(action[1] is 0f or 1f && action[2] is 0f or 1f);
            Assert.Equal(logDensity, policy.LogDensity(features, action), 12);
            Assert.Equal(double.PositiveInfinity, policy.Decide(features, action, explore: false));
        }

        Assert.Equal(double.NegativeInfinity, policy.LogDensity([1f, 0f], [0f, 0f, 0f, 0f]));
        Assert.Equal(double.NegativeInfinity, policy.LogDensity([1f, 0f], [1.5f, 0f, 0f, 0f]));
        Assert.Throws<InvalidOperationException>(() => agent.GetProbabilities([1f, 0f], new double[4]));
        Assert.Throws<InvalidOperationException>(() => agent.Act([1f, 0f], default, deterministic: true));
        Assert.Throws<ArgumentException>(() => policy.Decide([1f, 0f], new float[3]));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decide_SameSeed_SameDecisions(string kind)
    {
        static List<float> Play(OnPolicyAgent agent)
        {
            var all = new List<float>();
            var action = new float[4];
            for (int i = 0; i < 20; i++)
            {
                ((IContinuousPolicy)agent).Decide([i % 2, 0f], action);
                all.AddRange(action);
            }

            return all;
        }

        Assert.Equal(Play(Trained(kind, 3)), Play(Trained(kind, 3)));
        Assert.NotEqual(Play(Trained(kind, 3)), Play(Trained(kind, 4)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Snapshot_Composite_RoundTripsAndRejectsOtherSpaces(string kind)
    {
        OnPolicyAgent original = Trained(kind, 5);
        OnPolicyAgent restored = Create(kind, 77);
        byte[] bytes = Snapshot.ToBytes(original, FixedTimeProvider.Instance);

        Snapshot.Load(restored, bytes);

        Assert.Equal(bytes, Snapshot.ToBytes(restored, FixedTimeProvider.Instance));
        original.Learn(new TargetEnvironment(), 64);
        restored.Learn(new TargetEnvironment(), 64);
        Assert.Equal(Snapshot.ToBytes(original, FixedTimeProvider.Instance), Snapshot.ToBytes(restored, FixedTimeProvider.Instance));

        var options = new PpoOptions { Seed = 1, TimeProvider = FixedTimeProvider.Instance, NSteps = 16, BatchSize = 8, PolicyHiddenSizes = [8], ValueHiddenSizes = [8] };
        var other = PpoAgent.CreateComposite(2, new CompositeSpace(("tier", new DiscreteSpace(3)), ("copy", new MultiDiscreteSpace(2, 2)), ("spend", new BoxSpace(-1f, 1f, 1))), options);
        Assert.Throws<SnapshotException>(() => Snapshot.Load(other, bytes));
        Assert.Throws<SnapshotException>(() => Snapshot.Load(PpoAgent.CreateMultiDiscrete(2, new MultiDiscreteSpace(3, 2, 2), options), bytes));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Learn_EnvironmentMasksATierAndALayout_NeverSendsThem(string kind)
    {
        var environment = new MaskedEnvironment(new TargetEnvironment());
        OnPolicyAgent agent = Create(kind, 6);

        agent.Learn(environment, 1024);

        Assert.Equal(1024, environment.Steps);
        Assert.Equal(0, environment.Violations);
    }

    [Fact]
    public void CreateComposite_BadSpace_ThrowsNamingTheSpace()
    {
        var options = new PpoOptions();

        var noBox = Assert.Throws<ArgumentException>(() => PpoAgent.CreateComposite(2, new CompositeSpace(("a", new DiscreteSpace(2))), options));
        var noDiscrete = Assert.Throws<ArgumentException>(() => A2cAgent.CreateComposite(2, new CompositeSpace(("a", new BoxSpace(0f, 1f, 2))), new A2cOptions()));
        var nested = Assert.Throws<ArgumentException>(() => PpoAgent.CreateComposite(2, new CompositeSpace(("a", new BoxSpace(0f, 1f, 2)), ("b", Space)), options));

        Assert.Equal("composite", noBox.ParamName);
        Assert.Equal("composite", noDiscrete.ParamName);
        Assert.Contains("Part 'b'", nested.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => PpoAgent.CreateComposite(2, null!, options));
    }

    /// <summary>
    /// One-step episodes: context one-hot of 2; reward 1 for the context's tier (2 in context 0, 3 in context 1), 0.3 for
    /// layout 1, 0.2 for badge = context, minus (spend − target)² with target −0.5 or 0.6. Best expected reward 1.5;
    /// uniform random (spend uniform on [−1, 1]) −0.055. PPO (seed 2, 12,288 steps, under 1 s) learns the greedy action of both contexts.
    /// </summary>
    [Fact]
    public void Learn_MixedAction_FindsTheDiscreteChoicesAndTheSpend()
    {
        var agent = PpoAgent.CreateComposite(2, Space, new PpoOptions
        {
            Seed = 2, NSteps = 256, BatchSize = 64, Epochs = 4, LearningRate = 3e-3, EntropyCoefficient = 0.01, PolicyHiddenSizes = [32], ValueHiddenSizes = [32],
        });

        agent.Learn(new TargetEnvironment(), 12_288);

        var action = new float[4];
        for (int context = 0; context < 2; context++)
        {
            float[] features = [1 - context, context];
            agent.Predict(features, action, deterministic: true);
            Assert.Equal(context == 0 ? 2f : 3f, action[0]);
            Assert.Equal(1f, action[1]);
            Assert.Equal(context, action[2]);
            Assert.InRange(action[3], TargetEnvironment.Target(context) - 0.15f, TargetEnvironment.Target(context) + 0.15f);
        }
    }

    private static OnPolicyAgent Create(string kind, long seed) => kind switch
    {
        "Ppo" => PpoAgent.CreateComposite(2, Space, new PpoOptions { Seed = seed, TimeProvider = FixedTimeProvider.Instance, NSteps = 32, BatchSize = 16, Epochs = 2, LearningRate = 3e-3, PolicyHiddenSizes = [8], ValueHiddenSizes = [8] }),
        "A2c" => A2cAgent.CreateComposite(2, Space, new A2cOptions { Seed = seed, TimeProvider = FixedTimeProvider.Instance, NSteps = 8, LearningRate = 3e-3, PolicyHiddenSizes = [8], ValueHiddenSizes = [8] }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static OnPolicyAgent Trained(string kind, long seed)
    {
        OnPolicyAgent agent = Create(kind, seed);
        agent.Learn(new TargetEnvironment(), 256);
        return agent;
    }

    // Masks tier 2 (flag 1) and layout 0 (flag 3): mask length 3 + 2 + 2; counts any step that sends them.
    private sealed class MaskedEnvironment(TargetEnvironment inner) : IEnvironment, IActionMaskProvider
    {
        public int Steps { get; private set; }

        public int Violations { get; private set; }

        public Space ObservationSpace => inner.ObservationSpace;

        public Space ActionSpace => inner.ActionSpace;

        public void GetActionMask(Span<bool> mask)
        {
            Assert.Equal(7, mask.Length);
            mask.Fill(true);
            mask[1] = false;
            mask[3] = false;
        }

        public void Reset(long? seed, Span<float> observation) => inner.Reset(seed, observation);

        public StepResult Step(int action, Span<float> observation) => throw new NotSupportedException();

        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            Steps++;
            Violations += action[0] == 2f || action[1] == 0f ? 1 : 0;
            return inner.Step(action, observation);
        }
    }

    private sealed class TargetEnvironment : IEnvironment
    {
        private readonly Xoshiro256Random _random = new(0);
        private int _context;

        public Space ObservationSpace { get; } = new BoxSpace(0f, 1f, 2);

        public Space ActionSpace => Space;

        public static float Target(int context) => context == 0 ? -0.5f : 0.6f;

        public void Reset(long? seed, Span<float> observation)
        {
            if (seed is { } s)
            {
                _random.Reseed(unchecked((ulong)s));
            }

            Next(observation);
        }

        public StepResult Step(int action, Span<float> observation) => throw new NotSupportedException();

        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            Assert.Equal(4, action.Length);
            Assert.InRange(action[0], 1f, 3f);
            Assert.InRange(action[3], -1f, 1f);
            double reward = ((int)action[0] == 2 + _context ? 1.0 : 0.0) + ((int)action[1] == 1 ? 0.3 : 0.0) + ((int)action[2] == _context ? 0.2 : 0.0);
            double miss = action[3] - Target(_context);
            reward -= miss * miss;
            Next(observation);
            return new StepResult(reward, Terminated: true, Truncated: false);
        }

        private void Next(Span<float> observation)
        {
            _context = _random.Next(2);
            observation[0] = 1 - _context;
            observation[1] = _context;
        }
    }
}
