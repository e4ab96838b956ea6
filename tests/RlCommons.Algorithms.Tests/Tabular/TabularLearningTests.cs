using RlCommons.Tabular;

namespace RlCommons.Algorithms.Tests.Tabular;

/// <summary>Q-learning and SARSA learn known optimal policies in small deterministic grid worlds.</summary>
public class TabularLearningTests
{
    // 4×4: goal top right (+1), pit below it (−1), a wall; no step cost and γ = 0.9, so shorter paths are worth more.
    private static readonly GridWorld Grid = new(0, 1, -1, 0,
        "S..G",
        ".#.P",
        "....",
        "....");

    // Sutton & Barto Example 6.6: −1 per step, −100 and back to the start for stepping on the cliff.
    private static readonly GridWorld Cliff = new(-1, 0, 0, -100,
        "............",
        "............",
        "............",
        "SCCCCCCCCCCG");

    [Fact]
    public void QLearning_GridWorld300Episodes_GreedyPolicyOptimalInEveryState()
    {
        var agent = new QLearningAgent(new QLearningOptions { StateCount = Grid.StateCount, ActionCount = 4, Seed = 1 });

        Grid.Train(agent, 300, new Random(5));

        Assert.Empty(Grid.SuboptimalStates(agent, Grid.OptimalQ(0.9)));
    }

    [Fact]
    public void Sarsa_GridWorldOptimisticStart900Episodes_GreedyPolicyOptimalInEveryState()
    {
        // From zero initial values SARSA's ε-greedy policy keeps the first route it found for thousands of episodes;
        // optimistic values (1 bounds every return here) make it try every action early.
        var agent = new SarsaAgent(new SarsaOptions { StateCount = Grid.StateCount, ActionCount = 4, Seed = 1, InitialValue = 1 });

        Grid.Train(agent, 900, new Random(5));

        Assert.Empty(Grid.SuboptimalStates(agent, Grid.OptimalQ(0.9)));
    }

    [Fact]
    public void OptimalQ_Grid_MatchesHandComputedValues()
    {
        // The grid helper itself: from the start the shortest path to the goal is 3 moves right, worth γ² (1 at the goal).
        double[,] q = Grid.OptimalQ(0.9);

        Assert.Equal(0.81, q[Grid.Start, 1], 12);
        Assert.Equal(0.6561, q[Grid.Start, 2], 12); // down, then back up: two extra moves
        Assert.Equal(-1, q[6, 1], 12);
    }

    [Fact]
    public void CliffWalking_500Episodes_QLearningTakesTheEdgeSarsaTheSafePath()
    {
        var q = new QLearningAgent(new QLearningOptions { StateCount = Cliff.StateCount, ActionCount = 4, Seed = 1, DiscountFactor = 1 });
        var sarsa = new SarsaAgent(new SarsaOptions { StateCount = Cliff.StateCount, ActionCount = 4, Seed = 1, DiscountFactor = 1 });

        Cliff.Train(q, 500, null);
        Cliff.Train(sarsa, 500, null);

        // Q-learning learns the optimal 13-move path along the cliff edge (row 2) although exploring there is costly.
        List<int> qPath = Cliff.GreedyPath(q, 100);
        Assert.Equal([36, .. Enumerable.Range(24, 12), 47], qPath);

        // SARSA learns the values of its ε-greedy behaviour, so it keeps at least one row between itself and the cliff.
        List<int> sarsaPath = Cliff.GreedyPath(sarsa, 100);
        Assert.Equal(47, sarsaPath[^1]);
        Assert.True(sarsaPath.Count > qPath.Count);
        Assert.DoesNotContain(sarsaPath, s => Cliff.Row(s) >= 2 && s % 12 is > 0 and < 11);
    }
}
