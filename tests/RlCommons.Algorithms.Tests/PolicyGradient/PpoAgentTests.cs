using RlCommons.Algorithms.Tests.Support;
using RlCommons.Environments;
using RlCommons.Environments.ClassicControl;
using RlCommons.Algorithms.PolicyGradient;
using RlCommons.Snapshots;
using RlCommons.Spaces;
using RlCommons.Algorithms.Training;
using Xunit;

namespace RlCommons.Algorithms.Tests.PolicyGradient;

public sealed class PpoAgentTests
{
    private static PpoOptions Small(long seed) => new()
    {
        Seed = seed,
        Environments = 2,
        NSteps = 64,
        BatchSize = 32,
        Epochs = 2,
        TimeProvider = FixedTimeProvider.Instance,
    };

    private static PpoAgent CartPoleAgent(PpoOptions options) => new(4, 2, options);

    [Fact]
    public void Learn_CartPoleZooPreset_ReachesAtLeast475In100kSteps()
    {
        PpoAgent agent = CartPoleAgent(PpoOptions.CartPoleZoo(seed: 0));
        TrainingResult result = agent.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 100_000);
        EvaluationResult evaluation = agent.Evaluate(ClassicControlEnvironments.Make("CartPole-v1"), 10, seed: 1_000_000);
        Assert.InRange(result.Progress.Step, 100_000, 100_000 + 255);
        Assert.True(evaluation.MeanReturn >= 475, $"mean return {evaluation.MeanReturn}");
    }

    [Fact]
    public void Learn_CartPoleZooPresetWithSharedNetwork_ReachesAtLeast475In100kSteps()
    {
        PpoOptions options = PpoOptions.CartPoleZoo(seed: 0);
        options.SharedNetwork = true;
        PpoAgent agent = CartPoleAgent(options);
        agent.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 100_000);
        EvaluationResult evaluation = agent.Evaluate(ClassicControlEnvironments.Make("CartPole-v1"), 10, seed: 1_000_000);
        Assert.True(evaluation.MeanReturn >= 475, $"mean return {evaluation.MeanReturn}");
    }

    [Fact]
    public void ReadSnapshot_SeparateNetworksIntoSharedAgent_ThrowsAndLeavesAgentUntouched()
    {
        PpoOptions shared = Small(1);
        shared.SharedNetwork = true;
        PpoAgent source = CartPoleAgent(Small(1));
        PpoAgent target = CartPoleAgent(shared);
        byte[] before = Snapshot.ToBytes(target, FixedTimeProvider.Instance);
        Assert.Throws<SnapshotException>(() => Snapshot.Load(target, Snapshot.ToBytes(source, FixedTimeProvider.Instance)));
        Assert.Equal(before, Snapshot.ToBytes(target, FixedTimeProvider.Instance));
    }

    [Fact]
    public void Learn_SameSeed_IdenticalReturnsAndParameters()
    {
        PpoAgent first = CartPoleAgent(Small(3));
        PpoAgent second = CartPoleAgent(Small(3));
        TrainingResult a = first.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 1024);
        TrainingResult b = second.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 1024);
        Assert.Equal(a.EpisodeReturns, b.EpisodeReturns);
        Assert.True(first.GradientSteps > 0);
        Assert.Equal(Snapshot.ToBytes(first, FixedTimeProvider.Instance), Snapshot.ToBytes(second, FixedTimeProvider.Instance));
    }

    [Fact]
    public void Learn_DifferentSeeds_DifferentParameters()
    {
        PpoAgent first = CartPoleAgent(Small(3));
        PpoAgent second = CartPoleAgent(Small(4));
        first.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 256);
        second.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 256);
        Assert.NotEqual(Snapshot.ToBytes(first, FixedTimeProvider.Instance), Snapshot.ToBytes(second, FixedTimeProvider.Instance));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Snapshot_RoundTrip_ContinuesIdentically(bool sharedNetwork)
    {
        PpoOptions Options(long seed)
        {
            PpoOptions options = Small(seed);
            options.SharedNetwork = sharedNetwork;
            return options;
        }

        PpoAgent original = CartPoleAgent(Options(5));
        original.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 512);
        PpoAgent restored = CartPoleAgent(Options(99));
        Snapshot.Load(restored, Snapshot.ToBytes(original, FixedTimeProvider.Instance));

        float[] observation = [0.01f, -0.2f, 0.03f, 0.1f];
        Assert.Equal(original.Value(observation), restored.Value(observation));
        TrainingResult a = original.Learn(SeededCartPole(7), 512);
        TrainingResult b = restored.Learn(SeededCartPole(7), 512);
        Assert.Equal(a.EpisodeReturns, b.EpisodeReturns);
        Assert.Equal(Snapshot.ToBytes(original, FixedTimeProvider.Instance), Snapshot.ToBytes(restored, FixedTimeProvider.Instance));
    }

    [Fact]
    public void ReadSnapshot_OtherShape_ThrowsAndLeavesAgentUntouched()
    {
        PpoAgent source = new(4, 3, Small(1));
        PpoAgent target = CartPoleAgent(Small(1));
        byte[] before = Snapshot.ToBytes(target, FixedTimeProvider.Instance);
        Assert.Throws<SnapshotException>(() => Snapshot.Load(target, Snapshot.ToBytes(source, FixedTimeProvider.Instance)));
        Assert.Equal(before, Snapshot.ToBytes(target, FixedTimeProvider.Instance));
    }

    [Fact]
    public void Learn_MaskingEnvironment_NeverTakesMaskedAction()
    {
        var environments = new List<OnlyRightCartPole>();
        PpoAgent agent = CartPoleAgent(Small(2));
        agent.Learn(_ =>
        {
            var environment = new OnlyRightCartPole();
            environments.Add(environment);
            return environment;
        }, 256);
        Assert.All(environments, e => Assert.Equal(0, e.LeftActions));
        Assert.True(environments.Sum(e => e.RightActions) >= 256);
    }

    [Fact]
    public void Learn_CallbackStops_EndsBeforeTheNextUpdate()
    {
        PpoAgent agent = CartPoleAgent(Small(2));
        TrainingResult result = agent.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 10_000, [new StopAt(100)]);
        Assert.True(result.StoppedByCallback);
        Assert.Equal(100, result.Progress.Step);
        Assert.Equal(0, agent.GradientSteps);
    }

    [Fact]
    public void Learn_Pendulum_SameSeedSameRunAndActionsInBounds()
    {
        var box = (BoxSpace)ClassicControlEnvironments.Make("Pendulum-v1").ActionSpace;
        PpoOptions Options() => new() { Seed = 8, Environments = 2, NSteps = 128, BatchSize = 64, Epochs = 2, TimeProvider = FixedTimeProvider.Instance };
        var first = new PpoAgent(3, box, Options());
        var second = new PpoAgent(3, box, Options());
        TrainingResult a = first.Learn(_ => ClassicControlEnvironments.Make("Pendulum-v1"), 1024);
        TrainingResult b = second.Learn(_ => ClassicControlEnvironments.Make("Pendulum-v1"), 1024);
        Assert.Equal(a.EpisodeReturns, b.EpisodeReturns);
        Assert.Equal(4, a.EpisodeReturns.Count);
        var action = new float[1];
        first.Predict([1f, 0f, 8f], action, deterministic: false);
        Assert.InRange(action[0], -2f, 2f);
        Assert.Throws<InvalidOperationException>(() => first.Predict([1f, 0f, 0f], deterministic: true));
    }

    [Fact]
    public void Learn_ContinuousWithEvaluationCallback_EvaluatesAsContinuousPolicy()
    {
        var box = (BoxSpace)ClassicControlEnvironments.Make("Pendulum-v1").ActionSpace;
        var agent = new PpoAgent(3, box, new PpoOptions { Seed = 2, NSteps = 128, BatchSize = 64, Epochs = 1 });
        var evaluation = new EvaluationCallback(ClassicControlEnvironments.Make("Pendulum-v1"), 256, 1, seed: 5);
        agent.Learn(ClassicControlEnvironments.Make("Pendulum-v1"), 512, [evaluation]);
        Assert.Equal(2, evaluation.Evaluations.Count);
        Assert.All(evaluation.Evaluations, e => Assert.Equal(200, e.Result.Lengths[0]));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var exception = Assert.Throws<ArgumentException>(() => CartPoleAgent(new PpoOptions { NSteps = 0, ClipRange = 2, TargetKl = -1 }));
        Assert.Contains("NSteps", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ClipRange", exception.Message, StringComparison.Ordinal);
        Assert.Contains("TargetKl", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Learn_MismatchedEnvironment_Throws()
    {
        PpoAgent agent = new(4, 3, Small(1));
        var exception = Assert.Throws<ArgumentException>(() => agent.Learn(ClassicControlEnvironments.Make("CartPole-v1"), 10));
        Assert.Equal("environments", exception.ParamName);
        Assert.Throws<ArgumentException>(() => agent.Predict([0f, 0f], deterministic: true));
    }

    private static SyncVectorEnvironment SeededCartPole(long seed)
    {
        var environments = new SyncVectorEnvironment(2, _ => ClassicControlEnvironments.Make("CartPole-v1"));
        environments.Reset(seed, new float[8]);
        return environments;
    }

    private sealed class StopAt(long step) : TrainingCallback
    {
        public override bool OnStep(object agent, TrainingProgress progress) => progress.Step < step;
    }

    private sealed class OnlyRightCartPole : IEnvironment, IActionMaskProvider
    {
        private readonly TimeLimit _inner = new(new CartPole(), 20);

        public int LeftActions { get; private set; }

        public int RightActions { get; private set; }

        public Space ObservationSpace => _inner.ObservationSpace;

        public Space ActionSpace => _inner.ActionSpace;

        public void GetActionMask(Span<bool> mask)
        {
            mask[0] = false;
            mask[1] = true;
        }

        public void Reset(long? seed, Span<float> observation) => _inner.Reset(seed, observation);

        public StepResult Step(int action, Span<float> observation)
        {
            LeftActions += action == 0 ? 1 : 0;
            RightActions += action == 1 ? 1 : 0;
            return _inner.Step(action, observation);
        }

        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => _inner.Step(action, observation);
    }
}
