using RlCommons.Algorithms.Tests.Support;
using RlCommons.Buffers;
using RlCommons.Environments.ClassicControl;
using RlCommons.Algorithms.PolicyGradient;
using RlCommons.Snapshots;
using RlCommons.Algorithms.Training;
using Xunit;

namespace RlCommons.Algorithms.Tests.PolicyGradient;

public sealed class ReinforceAgentTests
{
    private static ReinforceOptions Options(long seed) => new() { Seed = seed, TimeProvider = FixedTimeProvider.Instance };

    [Fact]
    public void Learn_CartPole_ImprovesOverRandomPolicy()
    {
        var agent = new ReinforceAgent(4, 2, Options(0));
        agent.Learn(ClassicControlEnvironments.Make("CartPole-v1"), 40_000);
        EvaluationResult evaluation = agent.Evaluate(ClassicControlEnvironments.Make("CartPole-v1"), 10, seed: 1_000_000);

        // A uniformly random policy averages about 22 steps.
        Assert.True(evaluation.MeanReturn >= 150, $"mean return {evaluation.MeanReturn}");
    }

    [Fact]
    public void Learn_FourEpisodesPerUpdate_UpdatesOnWholeEpisodes()
    {
        var agent = new ReinforceAgent(4, 2, Options(1));
        TrainingResult result = agent.Learn(ClassicControlEnvironments.Make("CartPole-v1"), 2000);

        // Every update but a cut-off last one holds exactly four episodes, so the updates taken are the episodes / 4.
        Assert.Equal(result.EpisodeReturns.Count / 4, agent.GradientSteps);
        Assert.True(agent.LastUpdateSteps >= 4);
    }

    [Fact]
    public void ComputeReturnsAndAdvantages_EpisodeRollout_GivesMonteCarloReturnMinusValue()
    {
        // Three steps of one episode, rewards 1, 2, 3, γ = 0.5, values 0.5, 0.25, 0: G = 2.75, 3.5, 3.
        var buffer = new RolloutBuffer(8, 1, 1, 1);
        buffer.Add([0f], [0f], [1f], [true], [0.5f], [0f]);
        buffer.Add([0f], [0f], [2f], [false], [0.25f], [0f]);
        buffer.Add([0f], [0f], [3f], [false], [0f], [0f]);
        buffer.ComputeReturnsAndAdvantages([9f], [true], 0.5, 1.0);
        Assert.Equal([2.75f, 3.5f, 3f], buffer.Returns.ToArray());
        Assert.Equal([2.25f, 3.25f, 3f], buffer.Advantages.ToArray());
    }

    [Fact]
    public void Learn_SameSeed_IdenticalReturnsAndSnapshots()
    {
        var first = new ReinforceAgent(4, 2, Options(3));
        var second = new ReinforceAgent(4, 2, Options(3));
        TrainingResult a = first.Learn(ClassicControlEnvironments.Make("CartPole-v1"), 2000);
        TrainingResult b = second.Learn(ClassicControlEnvironments.Make("CartPole-v1"), 2000);
        Assert.Equal(a.EpisodeReturns, b.EpisodeReturns);
        Assert.True(first.GradientSteps > 0);
        Assert.Equal(Snapshot.ToBytes(first, FixedTimeProvider.Instance), Snapshot.ToBytes(second, FixedTimeProvider.Instance));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ReinforceAgent(4, 2, new ReinforceOptions { Environments = 2, GaeLambda = 0.9, EpisodesPerUpdate = 0 }));
        Assert.Contains("Environments", exception.Message, StringComparison.Ordinal);
        Assert.Contains("GaeLambda", exception.Message, StringComparison.Ordinal);
        Assert.Contains("EpisodesPerUpdate", exception.Message, StringComparison.Ordinal);
    }
}
