using RlCommons.Algorithms.Tabular;

namespace RlCommons.Algorithms.Tests.Tabular;

/// <summary>The SARSA update against hand-computed values.</summary>
public class SarsaAgentTests
{
    private static SarsaAgent Create() => new(new SarsaOptions
    {
        StateCount = 2,
        ActionCount = 2,
        LearningRate = 0.5,
        DiscountFactor = 0.9,
        Seed = 3,
    });

    [Fact]
    public void Learn_SequenceOfSteps_MatchesHandComputedValues()
    {
        SarsaAgent agent = Create();

        // Target 1 + 0.9·Q(1, 1) = 1; Q ← 0.5.
        agent.Learn(0, 1, 1, 1, 1, terminal: false);
        Assert.Equal(0.5, agent.GetQ(0, 1), 15);

        // Target 2 + 0.9·Q(0, 0) = 2 (Q-learning would bootstrap from Q(0, 1) = 0.5); Q ← 1.
        agent.Learn(1, 0, 2, 0, 0, terminal: false);
        Assert.Equal(1, agent.GetQ(1, 0), 15);

        // Target 0 + 0.9·Q(1, 0) = 0.9; Q ← 0.5 + 0.5·(0.9 − 0.5) = 0.7.
        agent.Learn(0, 1, 0, 1, 0, terminal: false);
        Assert.Equal(0.7, agent.GetQ(0, 1), 15);

        // Terminal: target is the reward alone, although Q(0, 1) = 0.7.
        agent.Learn(1, 1, -1, 0, 1, terminal: true);
        Assert.Equal(-0.5, agent.GetQ(1, 1), 15);

        Assert.Equal(0, agent.GetQ(0, 0));
        Assert.Equal(4, agent.UpdateCount);
    }

    [Fact]
    public void Learn_NonGreedyNextAction_BootstrapsFromIt()
    {
        SarsaAgent agent = Create();
        agent.Learn(1, 0, -4, 1, 0, terminal: true);
        agent.Learn(1, 1, 8, 1, 0, terminal: true);

        agent.Learn(0, 0, 1, 1, 0, terminal: false);

        // Q(1, 0) = −2 was taken next, not the greedy Q(1, 1) = 4.
        Assert.Equal(0.5 * (1 + (0.9 * -2)), agent.GetQ(0, 0), 15);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void Learn_NextActionOutOfRange_ThrowsNamingItAndChangesNothing(int nextAction)
    {
        SarsaAgent agent = Create();

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => agent.Learn(0, 0, 1, 1, nextAction, terminal: true));

        Assert.Equal("nextAction", ex.ParamName);
        Assert.Equal(0, agent.GetQ(0, 0));
        Assert.Equal(0, agent.UpdateCount);
    }

    [Fact]
    public void SnapshotType_IsStable() => Assert.Equal("RlCommons.SarsaAgent", Create().SnapshotType);
}
