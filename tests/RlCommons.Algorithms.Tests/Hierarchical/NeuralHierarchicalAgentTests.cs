using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Hierarchical;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests.Hierarchical;

/// <summary>Learning, determinism and snapshots of <see cref="NeuralSmdpQLearningAgent"/> and <see cref="NeuralOptionCriticAgent"/> on the one-hot corridor.</summary>
public sealed class NeuralHierarchicalAgentTests
{
    public static TheoryData<string> Kinds => ["NeuralSmdp", "NeuralOptionCritic"];

    private static object Create(string kind, long seed, double? epsilon = null) => kind == "NeuralSmdp"
        ? NeuralHierarchicalCatalog.CreateSmdp(seed, epsilon ?? 0.2)
        : NeuralHierarchicalCatalog.CreateOptionCritic(seed, epsilon ?? 0.05);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Train_Corridor_LearnsFasterThanRandom(string kind)
    {
        object agent = Create(kind, seed: 4);
        List<int> learned = NeuralHierarchicalCatalog.Train(agent, 150);
        List<int> baseline = NeuralHierarchicalCatalog.RandomPolicy(150, seed: 4);
        int greedy = NeuralHierarchicalCatalog.Episode(agent, explore: false);

        double learnedTail = learned.Skip(100).Average();
        double baselineTail = baseline.Skip(100).Average();
        // Measured (seed 4): episodes 101–150 take 5.88 steps (SMDP) and 5.16 (Option-Critic); the random walk 23.3.
        Assert.Equal(5, greedy);
        Assert.True(learnedTail < 0.5 * baselineTail, $"{learnedTail} vs random {baselineTail}");
    }

    [Fact]
    public void NeuralSmdp_Corridor_LearnsTheSmdpValuesWithDiscountGammaToTheK()
    {
        // γ = 0.9. "run right" from 0 takes k = 3 steps to state 3, then two right steps earn 1 on entering the goal:
        // Q(0, run right) = γ³ · γ = 0.6561 (a per-step γ in place of γᵏ would give 0.81), Q(3, right) = γ = 0.9, Q(4, right) = 1.
        NeuralSmdpQLearningAgent agent = NeuralHierarchicalCatalog.CreateSmdp(seed: 4);
        NeuralHierarchicalCatalog.Train(agent, 200);

        Assert.Equal(0.6561, NeuralHierarchicalCatalog.Values(agent, 0)[0], 0.05);
        Assert.Equal(0.9, NeuralHierarchicalCatalog.Values(agent, 3)[3], 0.05);
        Assert.Equal(1.0, NeuralHierarchicalCatalog.Values(agent, 4)[3], 0.05);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Train_SameSeed_IdenticalActionsAndValuesAndOtherSeedDiffers(string kind)
    {
        var first = new List<int>();
        var second = new List<int>();
        var other = new List<int>();
        object a = Create(kind, seed: 9);
        object b = Create(kind, seed: 9);
        NeuralHierarchicalCatalog.Train(a, 30, first);
        NeuralHierarchicalCatalog.Train(b, 30, second);
        NeuralHierarchicalCatalog.Train(Create(kind, seed: 10), 30, other);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(NeuralHierarchicalCatalog.Values(a, 2), NeuralHierarchicalCatalog.Values(b, 2));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Load_IntoAgentWithOtherSeed_ContinuesIdentically(string kind)
    {
        object original = Create(kind, seed: 21);
        NeuralHierarchicalCatalog.Train(original, 25);
        byte[] bytes = Snapshot.ToBytes((ISnapshotable)original);

        object restored = Create(kind, seed: 77);
        Snapshot.Load((ISnapshotable)restored, bytes);

        Assert.Equal(RawSnapshot.PayloadOf((ISnapshotable)original), RawSnapshot.PayloadOf((ISnapshotable)restored));
        Assert.Equal(NeuralHierarchicalCatalog.Values(original, 1), NeuralHierarchicalCatalog.Values(restored, 1));
        var originalActions = new List<int>();
        var restoredActions = new List<int>();
        NeuralHierarchicalCatalog.Train(original, 15, originalActions);
        NeuralHierarchicalCatalog.Train(restored, 15, restoredActions);
        Assert.Equal(originalActions, restoredActions);
        Assert.Equal(NeuralHierarchicalCatalog.Values(original, 3), NeuralHierarchicalCatalog.Values(restored, 3));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Load_WrongShape_ThrowsAndLeavesTargetUnchanged(string kind)
    {
        byte[] bytes = Snapshot.ToBytes((ISnapshotable)Create(kind, seed: 1));
        object target = kind == "NeuralSmdp"
            ? new NeuralSmdpQLearningAgent(new NeuralSmdpQLearningOptions
            {
                StateCount = HierarchicalCatalog.States, ActionCount = 2, ObservationDimension = HierarchicalCatalog.States,
                OptionSet = HierarchicalCatalog.CorridorOptions(), HiddenSizes = [16], BatchSize = 16, BufferSize = 500,
            })
            : new NeuralOptionCriticAgent(new NeuralOptionCriticOptions { ObservationDimension = HierarchicalCatalog.States, ActionCount = 2, OptionCount = 3 });
        float[] before = NeuralHierarchicalCatalog.Values(target, 0);

        Assert.Throws<SnapshotException>(() => Snapshot.Load((ISnapshotable)target, bytes));
        Assert.Equal(before, NeuralHierarchicalCatalog.Values(target, 0));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Load_Truncated_ThrowsAndLeavesTargetUnchanged(string kind)
    {
        var source = (ISnapshotable)Create(kind, seed: 3);
        NeuralHierarchicalCatalog.Train(source, 10);
        byte[] payload = RawSnapshot.PayloadOf(source);
        var target = (ISnapshotable)Create(kind, seed: 8);
        NeuralHierarchicalCatalog.Train(target, 5);
        byte[] before = RawSnapshot.PayloadOf(target);

        byte[] truncated = RawSnapshot.Wrap(source.SnapshotType, payload.AsSpan(0, payload.Length - 3));

        Assert.Throws<SnapshotException>(() => Snapshot.Load(target, truncated));
        Assert.Equal(before, RawSnapshot.PayloadOf(target));
    }

    [Fact]
    public void NeuralOptionCritic_RepeatedTerminalReward_CriticConvergesToTheReward()
    {
        // From state 4 every action ends the episode with reward 1 here (terminal: no bootstrap), so g = 1 and the
        // critic's squared error drives Q_Ω(x, ω) of the options that ran to 1.
        NeuralOptionCriticAgent agent = NeuralHierarchicalCatalog.CreateOptionCritic(seed: 6, epsilon: 1.0);
        float[] observation = NeuralHierarchicalCatalog.OneHot(4);
        for (int i = 0; i < 400; i++)
        {
            agent.Act(observation);
            agent.Learn(1.0, NeuralHierarchicalCatalog.OneHot(5), terminal: true);
        }

        Assert.All(NeuralHierarchicalCatalog.Values(agent, 4), q => Assert.Equal(1.0, q, 0.02));
        Assert.Equal(-1, agent.CurrentOption);
        Assert.Equal(400, agent.UpdateCount);
    }

    [Fact]
    public void NeuralSmdp_BadInput_ThrowsNamingTheParameter()
    {
        NeuralSmdpQLearningAgent agent = NeuralHierarchicalCatalog.CreateSmdp(seed: 1);
        float[] observation = NeuralHierarchicalCatalog.OneHot(0);

        Assert.Throws<InvalidOperationException>(() => agent.Learn(0, 1, observation, false));
        Assert.Equal("state", Assert.Throws<ArgumentOutOfRangeException>(() => agent.Act(6, observation)).ParamName);
        Assert.Equal("observation", Assert.Throws<ArgumentException>(() => agent.Act(0, new float[5])).ParamName);
        Assert.Equal("observation", Assert.Throws<ArgumentException>(() => agent.Act(0, [float.NaN, 0, 0, 0, 0, 0])).ParamName);
        agent.Act(0, observation);
        Assert.Throws<InvalidOperationException>(() => agent.Act(0, observation));
        Assert.Equal("reward", Assert.Throws<ArgumentException>(() => agent.Learn(double.NaN, 1, observation, false)).ParamName);
        Assert.Equal("nextState", Assert.Throws<ArgumentOutOfRangeException>(() => agent.Learn(0, -1, observation, false)).ParamName);
        Assert.Equal("nextObservation", Assert.Throws<ArgumentException>(() => agent.Learn(0, 1, new float[7], false)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => agent.GetOptionValues(observation, new float[1])).ParamName);
    }

    [Fact]
    public void NeuralOptionCritic_BadInput_ThrowsNamingTheParameter()
    {
        NeuralOptionCriticAgent agent = NeuralHierarchicalCatalog.CreateOptionCritic(seed: 1);
        float[] observation = NeuralHierarchicalCatalog.OneHot(0);

        Assert.Throws<InvalidOperationException>(() => agent.Learn(0, observation, false));
        Assert.Equal("observation", Assert.Throws<ArgumentException>(() => agent.Act(new float[5])).ParamName);
        agent.Act(observation);
        Assert.Throws<InvalidOperationException>(() => agent.Act(observation));
        Assert.Equal("reward", Assert.Throws<ArgumentException>(() => agent.Learn(double.PositiveInfinity, observation, false)).ParamName);
        Assert.Equal("nextObservation", Assert.Throws<ArgumentException>(() => agent.Learn(0, [0, float.NaN, 0, 0, 0, 0], false)).ParamName);
        Assert.Equal("option", Assert.Throws<ArgumentOutOfRangeException>(() => agent.GetActionProbabilities(observation, 2, new float[2])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => agent.GetTerminationProbabilities(observation, new float[3])).ParamName);
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var smdp = new NeuralSmdpQLearningOptions { StateCount = 6, ActionCount = 2, OptionSet = HierarchicalCatalog.CorridorOptions(), ObservationDimension = 0, BatchSize = 64, BufferSize = 10, MaxGradNorm = 0 };
        var critic = new NeuralOptionCriticOptions { ObservationDimension = 0, ActionCount = 0, OptionCount = 0, LearningRate = -1, HiddenSizes = [0] };

        var smdpError = Assert.Throws<ArgumentException>(() => new NeuralSmdpQLearningAgent(smdp));
        var criticError = Assert.Throws<ArgumentException>(() => new NeuralOptionCriticAgent(critic));

        foreach (string name in new[] { "ObservationDimension", "BufferSize", "MaxGradNorm" })
        {
            Assert.Contains(name, smdpError.Message, StringComparison.Ordinal);
        }

        foreach (string name in new[] { "ObservationDimension", "ActionCount", "OptionCount", "LearningRate", "HiddenSizes" })
        {
            Assert.Contains(name, criticError.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NeuralOptionCritic_Probabilities_AreDistributions()
    {
        NeuralOptionCriticAgent agent = NeuralHierarchicalCatalog.CreateOptionCritic(seed: 2);
        NeuralHierarchicalCatalog.Train(agent, 5);
        var pi = new float[2];
        var beta = new float[2];

        agent.GetActionProbabilities(NeuralHierarchicalCatalog.OneHot(3), 1, pi);
        agent.GetTerminationProbabilities(NeuralHierarchicalCatalog.OneHot(3), beta);

        Assert.Equal(1.0, pi[0] + pi[1], 5);
        Assert.All(beta, b => Assert.InRange(b, 0f, 1f));
    }
}
