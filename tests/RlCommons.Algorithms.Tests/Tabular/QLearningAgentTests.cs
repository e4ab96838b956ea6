using RlCommons.Algorithms.Tabular;

namespace RlCommons.Algorithms.Tests.Tabular;

/// <summary>The Q-learning update against hand-computed values.</summary>
public class QLearningAgentTests
{
    private static QLearningAgent Create(double initial = 0) => new(new QLearningOptions
    {
        StateCount = 2,
        ActionCount = 2,
        LearningRate = 0.5,
        DiscountFactor = 0.9,
        InitialValue = initial,
        Seed = 3,
    });

    [Fact]
    public void Learn_SequenceOfTransitions_MatchesHandComputedValues()
    {
        QLearningAgent agent = Create();

        // Target 1 + 0.9·max(0, 0) = 1; Q ← 0 + 0.5·(1 − 0).
        agent.Learn(0, 1, 1, 1, terminal: false);
        Assert.Equal(0.5, agent.GetQ(0, 1), 15);

        // Target 2 + 0.9·max(Q(0,0) = 0, Q(0,1) = 0.5) = 2.45; Q ← 0.5·2.45.
        agent.Learn(1, 0, 2, 0, terminal: false);
        Assert.Equal(1.225, agent.GetQ(1, 0), 15);

        // Target 0 + 0.9·max(1.225, 0) = 1.1025; Q ← 0.5 + 0.5·(1.1025 − 0.5).
        agent.Learn(0, 1, 0, 1, terminal: false);
        Assert.Equal(0.80125, agent.GetQ(0, 1), 15);

        // Terminal: target is the reward alone, although Q(0, ·) is positive.
        agent.Learn(1, 1, -1, 0, terminal: true);
        Assert.Equal(-0.5, agent.GetQ(1, 1), 15);

        Assert.Equal(0, agent.GetQ(0, 0));
        Assert.Equal(4, agent.UpdateCount);
    }

    [Fact]
    public void Learn_MaxOverNextActions_IgnoresTheActionTakenNext()
    {
        // The bootstrap is max Q(s′, ·) = 4 even though action 0 (value −2) might be taken next.
        QLearningAgent agent = Create();
        agent.Learn(1, 0, -4, 1, terminal: true);
        agent.Learn(1, 1, 8, 1, terminal: true);
        Assert.Equal(-2, agent.GetQ(1, 0));
        Assert.Equal(4, agent.GetQ(1, 1));

        agent.Learn(0, 0, 1, 1, terminal: false);

        Assert.Equal(0.5 * (1 + (0.9 * 4)), agent.GetQ(0, 0), 15);
    }

    [Fact]
    public void Learn_NextStateMask_MaxOverAllowedActionsOnly()
    {
        QLearningAgent agent = Create();
        agent.Learn(1, 0, -4, 1, terminal: true);
        agent.Learn(1, 1, 8, 1, terminal: true);

        // Action 1 (value 4) is not allowed in state 1: bootstrap from Q(1, 0) = −2.
        agent.Learn(0, 0, 1, 1, [true, false], terminal: false);

        Assert.Equal(0.5 * (1 + (0.9 * -2)), agent.GetQ(0, 0), 15);
    }

    [Fact]
    public void Learn_BadNextStateMask_ThrowsNamingItAndChangesNothing()
    {
        QLearningAgent agent = Create();

        var wrongLength = Assert.Throws<ArgumentException>(() => agent.Learn(0, 0, 1, 1, [true], terminal: false));
        var none = Assert.Throws<ArgumentException>(() => agent.Learn(0, 0, 1, 1, [false, false], terminal: true));

        Assert.Equal("nextAllowedActions", wrongLength.ParamName);
        Assert.Equal("nextAllowedActions", none.ParamName);
        Assert.Equal(0, agent.GetQ(0, 0));
        Assert.Equal(0, agent.UpdateCount);
    }

    [Fact]
    public void Learn_OptimisticInitialValue_StartsFromIt()
    {
        QLearningAgent agent = Create(initial: 2);
        Assert.Equal(2, agent.GetQ(1, 1));

        // Target 0 + 0.9·2 = 1.8; Q ← 2 + 0.5·(1.8 − 2) = 1.9.
        agent.Learn(0, 0, 0, 1, terminal: false);

        Assert.Equal(1.9, agent.GetQ(0, 0), 15);
    }

    [Fact]
    public void SnapshotType_IsStable() => Assert.Equal("RlCommons.QLearningAgent", Create().SnapshotType);
}
