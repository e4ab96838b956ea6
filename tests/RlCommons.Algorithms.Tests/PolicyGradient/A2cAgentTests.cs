using RlCommons.Algorithms.Tests.Support;
using RlCommons.Environments.ClassicControl;
using RlCommons.Algorithms.PolicyGradient;
using RlCommons.Policies;
using RlCommons.Snapshots;
using RlCommons.Algorithms.Training;
using Xunit;

namespace RlCommons.Algorithms.Tests.PolicyGradient;

public sealed class A2cAgentTests
{
    private static A2cOptions Options(long seed) => new() { Seed = seed, Environments = 4, TimeProvider = FixedTimeProvider.Instance };

    [Fact]
    public void Learn_CartPole_ImprovesOverRandomPolicy()
    {
        // 4 environments × 5 steps per update; 60,000 steps is 3,000 RMSprop steps.
        var agent = new A2cAgent(4, 2, A2cOptions.CartPoleZoo(seed: 1));
        agent.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 60_000);
        EvaluationResult evaluation = PolicyEvaluation.Evaluate((IPolicy)agent, ClassicControlEnvironments.Make("CartPole-v1"), 10, seed: 1_000_000);

        // A uniformly random policy averages about 22 steps.
        Assert.True(evaluation.MeanReturn >= 150, $"mean return {evaluation.MeanReturn}");
        Assert.Equal(60_000 / 40, agent.GradientSteps);
    }

    [Fact]
    public void Learn_SameSeed_IdenticalSnapshots()
    {
        var first = new A2cAgent(4, 2, Options(3));
        var second = new A2cAgent(4, 2, Options(3));
        TrainingResult a = first.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 2000);
        TrainingResult b = second.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 2000);
        Assert.Equal(a.EpisodeReturns, b.EpisodeReturns);
        Assert.Equal(Snapshot.ToBytes(first, FixedTimeProvider.Instance), Snapshot.ToBytes(second, FixedTimeProvider.Instance));
    }

    [Fact]
    public void ReadSnapshot_PpoSnapshot_IsRejected()
    {
        var ppo = new PpoAgent(4, 2, new PpoOptions { Seed = 1 });
        var a2c = new A2cAgent(4, 2, Options(1));
        Assert.Throws<SnapshotException>(() => Snapshot.Load(a2c, Snapshot.ToBytes(ppo, FixedTimeProvider.Instance)));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var exception = Assert.Throws<ArgumentException>(() => new A2cAgent(4, 2, new A2cOptions { RmsPropAlpha = 1, Gamma = 2 }));
        Assert.Contains("RmsPropAlpha", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Gamma", exception.Message, StringComparison.Ordinal);
    }
}
