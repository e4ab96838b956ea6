using RlCommons.Algorithms.Tests.Support;
using RlCommons.Decisions;
using RlCommons.Environments;
using RlCommons.Neural.Activations;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Algorithms.PolicyGradient;
using RlCommons.Snapshots;
using RlCommons.Algorithms.Training;
using RlCommons.Spaces;
using Xunit;

namespace RlCommons.Algorithms.Tests.PolicyGradient;

/// <summary>
/// PPO and A2C over a <see cref="MultiDiscreteSpace"/>: one categorical per component (SB3's MultiCategorical), the
/// <see cref="IMultiDiscretePolicy"/> contract over joint indices, per-component masks, snapshots and the pricing scenario.
/// </summary>
public sealed class MultiDiscreteAgentTests
{
    private static readonly MultiDiscreteSpace Space = new(3, 2, 2);

    public static TheoryData<string> Kinds => ["Ppo", "A2c"];

    [Fact]
    public void Evaluate_KnownLogits_LogProbabilityAndEntropyAreSumsOverComponents()
    {
        // Components of 2 and 3 values with logits (0, ln 3) and (0, 0, ln 2): π₀ = (¼, ¾), π₁ = (¼, ¼, ½).
        var net = new ActorCritic(1, 5, 0, [], [], Activation.Tanh, 4, 0, 7, componentCounts: [2, 3]);
        SetLogits(net, [0f, MathF.Log(3f), 0f, 0f, MathF.Log(2f)]);
        float[] observations = [0.5f, 0.5f, 0.5f];
        float[] actions = [1, 2, 0, 0, 1, 1];
        var logProbabilities = new float[3];
        var entropies = new float[3];
        var values = new float[3];

        net.Evaluate(observations, 3, actions, default, logProbabilities, entropies, values);

        double entropy = -((0.25 * Math.Log(0.25)) + (0.75 * Math.Log(0.75))) - ((0.5 * Math.Log(0.25)) + (0.5 * Math.Log(0.5)));
        Assert.Equal(Math.Log(0.75 * 0.5), logProbabilities[0], 6);
        Assert.Equal(Math.Log(0.25 * 0.25), logProbabilities[1], 6);
        Assert.Equal(Math.Log(0.75 * 0.25), logProbabilities[2], 6);
        Assert.All(entropies, h => Assert.Equal(entropy, h, 6));
        Assert.Equal(1.6020559, entropies[0], 6);
    }

    [Fact]
    public void Evaluate_ComponentMask_RenormalizesThatComponentOnly()
    {
        var net = new ActorCritic(1, 5, 0, [], [], Activation.Tanh, 2, 0, 7, componentCounts: [2, 3]);
        SetLogits(net, [0f, MathF.Log(3f), 0f, 0f, MathF.Log(2f)]);
        bool[] masks = [true, true, true, true, false, true, true, true, true, true];
        var logProbabilities = new float[2];
        var entropies = new float[2];

        net.Evaluate([0f, 0f], 2, [1, 0, 1, 2], masks, logProbabilities, entropies, new float[2]);

        // Row 0: component 1's third value masked, so π₁ = (½, ½); row 1: π₀ = (¼, ¾) and π₁ = (¼, ¼, ½), the taken value 2 allowed.
        Assert.Equal(Math.Log(0.75 * 0.5), logProbabilities[0], 6);
        Assert.Equal(-((0.25 * Math.Log(0.25)) + (0.75 * Math.Log(0.75))) + Math.Log(2), entropies[0], 6);
        Assert.Equal(Math.Log(0.75 * 0.5), logProbabilities[1], 6);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Backward_MultiDiscrete_MatchesFiniteDifferencesOfTheLoss(bool shared, bool masked)
    {
        const int Rows = 4;
        var net = new ActorCritic(3, 5, 0, [6], [5], Activation.Tanh, Rows, 0, 11, shared, componentCounts: [2, 3]);
        var random = new Xoshiro256Random(4);
        float[] observations = [.. Enumerable.Range(0, Rows * 3).Select(_ => (float)((3 * random.NextDouble()) - 1.5))];
        float[] actions = [0, 2, 1, 0, 1, 1, 0, 2];
        bool[] masks = masked ? [true, true, true, false, true, true, true, true, true, false, false, true, true, true, true, true, true, false, true, true] : [];
        float[] weights = [0.7f, -0.4f, 0.2f, -0.9f];
        float[] valueWeights = [0.3f, -0.5f, 0.8f, 0.1f];
        const float EntropyWeight = 0.3f;

        ActorCriticGradientCheck.AssertMatchesFiniteDifferences(net, Rows, observations, actions, masks, weights, EntropyWeight, valueWeights);
    }

    [Fact]
    public void Evaluate_ComponentOutOfRange_ThrowsNamingActions()
    {
        var net = new ActorCritic(1, 5, 0, [], [], Activation.Tanh, 2, 0, 7, componentCounts: [2, 3]);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => net.Evaluate([0f], 1, [1, 3], default, new float[1], new float[1], new float[1]));

        Assert.Equal("actions", error.ParamName);
        Assert.Contains("component 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Create_MultiDiscreteSpace_ReportsTheJointContract(string kind)
    {
        OnPolicyAgent agent = Create(kind, 1);

        var policy = Assert.IsAssignableFrom<IMultiDiscretePolicy>(agent);
        Assert.Same(Space, policy.ActionSpace);
        Assert.Equal(12, policy.ActionCount);
        Assert.Equal(3, agent.ActionDimension);
        Assert.Equal(7, agent.ActionMaskLength);
        Assert.True(agent.IsMultiDiscrete);
        Assert.False(agent.IsContinuous);
        Assert.IsNotAssignableFrom<IMultiDiscretePolicy>(new PpoAgent(2, 12, new PpoOptions { Seed = 1 }));
        Assert.IsNotAssignableFrom<IMultiDiscretePolicy>(new A2cAgent(2, 12, new A2cOptions { Seed = 1 }));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void GetProbabilities_MultiDiscrete_SumsToOneAndIsTheProductOfItsMarginals(string kind)
    {
        OnPolicyAgent agent = Trained(kind, 2);
        var joint = new double[12];
        var components = new int[3];
        foreach (bool explore in new[] { true, false })
        {
            for (int segment = 0; segment < 2; segment++)
            {
                agent.GetProbabilities([segment, 1 - segment], joint, explore);
                Assert.Equal(1.0, joint.Sum(), 12);
                double[][] marginals = Marginals(joint);
                for (int j = 0; j < 12; j++)
                {
                    Space.FromJointIndex(j, components);
                    Assert.Equal(marginals[0][components[0]] * marginals[1][components[1]] * marginals[2][components[2]], joint[j], 12);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decide_MultiDiscrete_PropensityEqualsGetProbabilitiesOfTheJointIndex(string kind)
    {
        OnPolicyAgent agent = Trained(kind, 3);
        var before = new double[12];
        var filled = new double[12];
        for (int step = 0; step < 50; step++)
        {
            bool explore = step % 5 != 4;
            float[] features = [step % 2, (step / 2) % 2];
            agent.GetProbabilities(features, before, explore);
            Decision decision = agent.Decide(features, filled, explore);

            Assert.Equal(before, filled);
            Assert.Equal(before[decision.Action], decision.Propensity);
            Assert.True(decision.Propensity > 0);
        }
    }

    [Fact]
    public void Decide_ComponentMask_MaskedValueHasProbabilityZeroAndIsNeverChosen()
    {
        OnPolicyAgent agent = Trained("Ppo", 4);
        bool[] mask = [true, false, true, true, true, false, true]; // component 0 value 1 and component 2 value 0 masked
        var probabilities = new double[12];
        var components = new int[3];
        for (int step = 0; step < 300; step++)
        {
            float[] features = [step % 2, 0.5f];
            agent.GetProbabilities(features, mask, probabilities);
            Decision decision = agent.Decide(features, mask, default, explore: step % 3 != 0);
            Space.FromJointIndex(decision.Action, components);

            Assert.NotEqual(1, components[0]);
            Assert.Equal(1, components[2]);
            for (int j = 0; j < 12; j++)
            {
                Space.FromJointIndex(j, components);
                if (components[0] == 1 || components[2] == 0)
                {
                    Assert.Equal(0.0, probabilities[j]);
                }
            }

            Assert.Equal(1.0, probabilities.Sum(), 12);
        }
    }

    [Fact]
    public void Learn_EnvironmentMasksAPriceLevel_NeverSendsIt()
    {
        var environment = new PricingEnvironment(maskedPrice: 3);
        var agent = PpoAgent.CreateMultiDiscrete(PricingEnvironment.Segments, PricingEnvironment.Actions, PricingOptions(5));

        agent.Learn(environment, 2048);

        Assert.Equal(0, environment.MaskViolations);
        var probabilities = new double[PricingEnvironment.Actions.JointCount];
        bool[] mask = [true, true, true, false, true, true, true, true, true, true, true, true, true, true];
        agent.GetProbabilities([1f, 0f, 0f], mask, probabilities);
        Assert.Equal(1.0, probabilities.Sum(), 12);
        Assert.Equal(0.0, probabilities.Where((_, j) => j / 36 == 3).Sum());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decide_SameSeed_SameDecisions(string kind)
    {
        static List<Decision> Play(OnPolicyAgent agent) => [.. Enumerable.Range(0, 30).Select(i => agent.Decide([i % 2, 1f], Span<double>.Empty))];

        List<Decision> first = Play(Trained(kind, 6));
        List<Decision> second = Play(Trained(kind, 6));
        List<Decision> other = Play(Trained(kind, 7));

        Assert.Equal(first, second);
        Assert.NotEqual(first.Select(d => d.Action), other.Select(d => d.Action));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Snapshot_MultiDiscrete_RoundTripsAndRepeatsDecisions(string kind)
    {
        OnPolicyAgent original = Trained(kind, 8);
        OnPolicyAgent restored = Create(kind, 99);

        Snapshot.Load(restored, Snapshot.ToBytes(original, FixedTimeProvider.Instance));

        Assert.Equal(Snapshot.ToBytes(original, FixedTimeProvider.Instance), Snapshot.ToBytes(restored, FixedTimeProvider.Instance));
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(original.Decide([i % 2, 0f], Span<double>.Empty), restored.Decide([i % 2, 0f], Span<double>.Empty));
        }

        original.Learn(new SmallEnvironment(), 64);
        restored.Learn(new SmallEnvironment(), 64);
        Assert.Equal(Snapshot.ToBytes(original, FixedTimeProvider.Instance), Snapshot.ToBytes(restored, FixedTimeProvider.Instance));
    }

    [Fact]
    public void Snapshot_OtherActionSpace_IsRejectedAndLeavesTheAgentUntouched()
    {
        OnPolicyAgent target = Create("Ppo", 1);
        byte[] before = Snapshot.ToBytes(target, FixedTimeProvider.Instance);
        var options = new PpoOptions { Seed = 1, TimeProvider = FixedTimeProvider.Instance, NSteps = 16, BatchSize = 8, PolicyHiddenSizes = [8], ValueHiddenSizes = [8] };

        Assert.Throws<SnapshotException>(() => Snapshot.Load(target, Snapshot.ToBytes(new PpoAgent(2, 12, options), FixedTimeProvider.Instance)));
        Assert.Throws<SnapshotException>(() => Snapshot.Load(target, Snapshot.ToBytes(PpoAgent.CreateMultiDiscrete(2, new MultiDiscreteSpace(2, 3, 2), options), FixedTimeProvider.Instance)));
        Assert.Throws<SnapshotException>(() => Snapshot.Load(new PpoAgent(2, 12, options), before));
        Assert.Equal(before, Snapshot.ToBytes(target, FixedTimeProvider.Instance));
    }

    [Fact]
    public void Decide_BadMask_ThrowsNamingTheMask()
    {
        OnPolicyAgent agent = Create("Ppo", 1);

        var wrongLength = Assert.Throws<ArgumentException>(() => agent.Decide([0f, 0f], new bool[12], default));
        var emptyComponent = Assert.Throws<ArgumentException>(() => agent.GetProbabilities([0f, 0f], [true, true, true, false, false, true, true], new double[12]));
        var act = Assert.Throws<ArgumentException>(() => agent.Act([0f, 0f], new bool[3], deterministic: false));

        Assert.Equal("actionMask", wrongLength.ParamName);
        Assert.Contains("7 flags", wrongLength.Message, StringComparison.Ordinal);
        Assert.Equal("actionMask", emptyComponent.ParamName);
        Assert.Contains("component 1", emptyComponent.Message, StringComparison.Ordinal);
        Assert.Equal("actionMask", act.ParamName);
        Assert.Throws<ArgumentException>(() => agent.GetProbabilities([0f, 0f], new double[11]));
    }

    [Fact]
    public void Create_BadSpaceOrEnvironment_Throws()
    {
        var options = new PpoOptions { Seed = 1 };

        Assert.Throws<ArgumentNullException>(() => PpoAgent.CreateMultiDiscrete(2, null!, options));
        var single = Assert.Throws<ArgumentException>(() => A2cAgent.CreateMultiDiscrete(2, new MultiDiscreteSpace(1, 1), new A2cOptions()));
        Assert.Equal("multiDiscrete", single.ParamName);
        var mismatch = Assert.Throws<ArgumentException>(() => Create("Ppo", 1).Learn(new PricingEnvironment(), 10));
        Assert.Equal("environments", mismatch.ParamName);
        Assert.Throws<InvalidOperationException>(() => ((IContinuousPolicy)Create("Ppo", 1)).Decide([0f, 0f], new float[3]));
    }

    [Fact]
    public void DecisionPoint_MultiDiscreteAgent_LogsEachComponentsValueWithThePropensity()
    {
        OnPolicyAgent agent = Trained("Ppo", 10);
        var point = new DecisionPoint(agent, new DecisionPointOptions { Name = "pricing", TimeProvider = FixedTimeProvider.Instance, LearnOnline = false });
        var probabilities = new double[12];
        agent.GetProbabilities([1f, 0f], probabilities);

        DecisionRecord record = point.Decide([1f, 0f]);

        var components = new int[3];
        Space.FromJointIndex(record.Action, components);
        Assert.Equal(components, record.ActionComponents.ToArray());
        Assert.Equal(probabilities[record.Action], record.Propensity);
    }

    [Fact]
    public void Evaluate_OtherActionSpace_ThrowsNamingTheEnvironment()
    {
        var agent = (IMultiDiscretePolicy)Create("Ppo", 1);

        var error = Assert.Throws<ArgumentException>(() => PolicyEvaluation.Evaluate(agent, new PricingEnvironment(), 1, 0));

        Assert.Equal("environment", error.ParamName);
        Assert.Contains("MultiDiscrete([3, 2, 2])", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictAndAct_MultiDiscrete_WriteComponentsAndTheirJointIndex()
    {
        OnPolicyAgent agent = Trained("Ppo", 9);
        var components = new float[3];
        var greedy = new double[12];

        agent.Predict([1f, 0f], components, deterministic: true);
        int joint = agent.Act([1f, 0f], default, deterministic: true);
        agent.GetProbabilities([1f, 0f], greedy, explore: false);

        Assert.Equal(Space.ToJointIndex([(int)components[0], (int)components[1], (int)components[2]]), joint);
        Assert.True(greedy[joint] > 0);
        Assert.Equal(3, agent.Evaluate(new SmallEnvironment(), 3, 1).Returns.Count);
    }

    /// <summary>
    /// The pricing scenario (see <see cref="PricingEnvironment"/>), exact expectations by enumerating the 144 joint
    /// actions per segment (rewards are profit / 10): uniform random 0.7565, best fixed configuration (price 35, no
    /// discount, 14-day trial, headline B, CTA B) 0.9849, per-segment optimum 1.1664. PPO (seed 11, 24 576 one-step
    /// episodes, about 1 s): greedy policy 1.1596, stochastic policy 1.1100; A2C (seed 11, same steps, n_steps 8, lr
    /// 1e-3, entropy 0.01, normalized advantages): greedy 1.1532, stochastic 1.1004 (measured). The test asks for the greedy
    /// policy to beat random by 0.15, to reach the best fixed configuration (margin 0; the learnt policy is contextual,
    /// so it may exceed it) and to be within 0.05 of the per-segment optimum, and for the stochastic policy to beat
    /// random by 0.15.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Learn_PricingScenario_BeatsRandomAndReachesTheBestFixedConfiguration(string kind)
    {
        MultiDiscreteSpace space = PricingEnvironment.Actions;
        int n = space.JointCount;
        var components = new int[space.Counts.Length];
        var rewards = new double[PricingEnvironment.Segments, n];
        for (int s = 0; s < PricingEnvironment.Segments; s++)
        {
            for (int j = 0; j < n; j++)
            {
                space.FromJointIndex(j, components);
                rewards[s, j] = PricingEnvironment.ExpectedReward(s, components);
            }
        }

        double random = Enumerable.Range(0, n).Average(j => Enumerable.Range(0, PricingEnvironment.Segments).Average(s => rewards[s, j]));
        double bestFixed = Enumerable.Range(0, n).Max(j => Enumerable.Range(0, PricingEnvironment.Segments).Average(s => rewards[s, j]));
        double oracle = Enumerable.Range(0, PricingEnvironment.Segments).Average(s => Enumerable.Range(0, n).Max(j => rewards[s, j]));
        Assert.Equal(0.7565, random, 4);
        Assert.Equal(0.9849, bestFixed, 4);
        Assert.Equal(1.1664, oracle, 4);

        OnPolicyAgent agent = kind == "Ppo"
            ? PpoAgent.CreateMultiDiscrete(PricingEnvironment.Segments, space, PricingOptions(11))
            : A2cAgent.CreateMultiDiscrete(PricingEnvironment.Segments, space, new A2cOptions
            {
                Seed = 11, NSteps = 8, LearningRate = 1e-3, EntropyCoefficient = 0.01, NormalizeAdvantage = true, PolicyHiddenSizes = [32], ValueHiddenSizes = [32],
            });
        agent.Learn(new PricingEnvironment(), 24_576);

        double greedy = ExpectedReward(agent, rewards, explore: false);
        double stochastic = ExpectedReward(agent, rewards, explore: true);
        Assert.True(greedy > random + 0.15, $"greedy {greedy:F4}, random {random:F4}");
        Assert.True(greedy >= bestFixed, $"greedy {greedy:F4}, best fixed {bestFixed:F4}, oracle {oracle:F4}, stochastic {stochastic:F4}");
        Assert.True(greedy >= oracle - 0.05, $"greedy {greedy:F4}, oracle {oracle:F4}");
        Assert.True(stochastic > random + 0.15, $"stochastic {stochastic:F4}, random {random:F4}");
    }

    private static double ExpectedReward(OnPolicyAgent agent, double[,] rewards, bool explore)
    {
        var probabilities = new double[agent.ActionCount];
        var features = new float[PricingEnvironment.Segments];
        double total = 0;
        for (int s = 0; s < PricingEnvironment.Segments; s++)
        {
            PricingEnvironment.Features(s, features);
            agent.GetProbabilities(features, probabilities, explore);
            for (int j = 0; j < probabilities.Length; j++)
            {
                total += probabilities[j] * rewards[s, j];
            }
        }

        return total / PricingEnvironment.Segments;
    }

    private static PpoOptions PricingOptions(long seed) => new()
    {
        Seed = seed,
        NSteps = 512,
        BatchSize = 64,
        Epochs = 4,
        LearningRate = 1e-3,
        EntropyCoefficient = 0.01,
        PolicyHiddenSizes = [32],
        ValueHiddenSizes = [32],
    };

    private static OnPolicyAgent Create(string kind, long seed) => kind switch
    {
        "Ppo" => PpoAgent.CreateMultiDiscrete(2, Space, new PpoOptions { Seed = seed, TimeProvider = FixedTimeProvider.Instance, NSteps = 32, BatchSize = 16, Epochs = 2, LearningRate = 3e-3, PolicyHiddenSizes = [8], ValueHiddenSizes = [8] }),
        "A2c" => A2cAgent.CreateMultiDiscrete(2, Space, new A2cOptions { Seed = seed, TimeProvider = FixedTimeProvider.Instance, NSteps = 8, LearningRate = 3e-3, PolicyHiddenSizes = [8], ValueHiddenSizes = [8] }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    // An agent moved off its initial (near-uniform) policy by a short run.
    private static OnPolicyAgent Trained(string kind, long seed)
    {
        OnPolicyAgent agent = Create(kind, seed);
        agent.Learn(new SmallEnvironment(), 256);
        return agent;
    }

    private static double[][] Marginals(ReadOnlySpan<double> joint)
    {
        double[][] marginals = [new double[3], new double[2], new double[2]];
        var components = new int[3];
        for (int j = 0; j < joint.Length; j++)
        {
            Space.FromJointIndex(j, components);
            for (int c = 0; c < 3; c++)
            {
                marginals[c][components[c]] += joint[j];
            }
        }

        return marginals;
    }

    // Zeroes every weight of the network so that the policy's outputs are the output layer's biases.
    private static void SetLogits(ActorCritic net, float[] logits)
    {
        foreach (var parameter in net.Actor.Parameters)
        {
            parameter.Values.Clear();
        }

        logits.CopyTo(net.Actor.Parameters[^1].Values);
    }

    // Two-feature, three-step episodes over MultiDiscrete(3, 2, 2): reward 1 when the components match the features' target.
    private sealed class SmallEnvironment : IEnvironment
    {
        private int _step;
        private int _state;

        public Space ObservationSpace { get; } = new BoxSpace(0f, 1f, 2);

        public Space ActionSpace => Space;

        public void Reset(long? seed, Span<float> observation)
        {
            _step = 0;
            _state = (int)((seed ?? 0) & 1);
            Write(observation);
        }

        public StepResult Step(int action, Span<float> observation) => throw new NotSupportedException();

        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            Assert.Equal(3, action.Length);
            Assert.True(Space.Contains([(int)action[0], (int)action[1], (int)action[2]]));
            double reward = (int)action[0] == _state * 2 && (int)action[1] == 1 - _state ? 1.0 : 0.0;
            _step++;
            _state = 1 - _state;
            Write(observation);
            return new StepResult(reward, Terminated: _step == 3, Truncated: false);
        }

        private void Write(Span<float> observation)
        {
            observation[0] = _state;
            observation[1] = 1 - _state;
        }
    }
}
