using RlCommons.Evaluation.Hierarchical;

namespace RlCommons.Evaluation.Tests.Hierarchical;

public sealed class FourRoomsExperimentTests
{
    /// <summary>
    /// The acceptance run of docs/hierarchical.md (seed 1, all 50 runs, the paper's 1200 episodes): after the goal
    /// moves, SMDP Q-learning with hallway options and Option-Critic with 4 options take fewer steps per episode
    /// than flat SARSA(0), the paper's baseline (measured: 35.0, 34.8 and 47.5); flat Q-learning tuned as hard
    /// (30.7) still beats Option-Critic, the negative result of the tuning sweep in the docs.
    /// </summary>
    [Fact]
    public void Run_FiftySeededRuns_HierarchicalLearnersBeatFlatSarsaAfterTheGoalMoves()
    {
        IReadOnlyList<FourRoomsResult> results = FourRoomsExperiment.Run(
            new FourRoomsSettings(Runs: 50, Seed: 1, Threads: 2),
            [FourRoomsAgent.Sarsa, FourRoomsAgent.SmdpHallways, FourRoomsAgent.OptionCritic, FourRoomsAgent.QLearning]);

        double sarsa = results[0].WindowMean;
        double smdp = results[1].WindowMean;
        double optionCritic = results[2].WindowMean;
        double qLearning = results[3].WindowMean;
        Assert.True(smdp < sarsa - 5, $"SMDP hallways {smdp:F2} vs SARSA {sarsa:F2}");
        Assert.True(optionCritic < sarsa - 5, $"Option-Critic {optionCritic:F2} vs SARSA {sarsa:F2}");
        Assert.True(qLearning < optionCritic - 2, $"Q-learning {qLearning:F2} vs Option-Critic {optionCritic:F2}");

        // Every learner has learned the first goal well before it moves (a random walk needs hundreds of steps).
        Assert.All(results, r => Assert.InRange(r.MeanSteps.AsSpan(800, 200).ToArray().Average(), 5, 20));
    }

    [Fact]
    public void Run_SameSettingsAnyThreadCount_IdenticalCurves()
    {
        var settings = new FourRoomsSettings(Runs: 4, Seed: 7, Episodes: 60, GoalChangeEpisode: 30, MaxSteps: 200);
        FourRoomsAgent[] agents = [.. Enum.GetValues<FourRoomsAgent>()];

        IReadOnlyList<FourRoomsResult> one = FourRoomsExperiment.Run(settings, agents);
        IReadOnlyList<FourRoomsResult> two = FourRoomsExperiment.Run(settings with { Threads = 2 }, agents);
        IReadOnlyList<FourRoomsResult> otherSeed = FourRoomsExperiment.Run(settings with { Seed = 8 }, agents);

        for (int i = 0; i < agents.Length; i++)
        {
            Assert.Equal(one[i].MeanSteps, two[i].MeanSteps);
            Assert.Equal(one[i].RunWindowMeans, two[i].RunWindowMeans);
            Assert.NotEqual(one[i].MeanSteps, otherSeed[i].MeanSteps);
        }
    }

    [Fact]
    public void RunOnce_StepsNeverExceedTheCap()
    {
        int[] steps = FourRoomsExperiment.RunOnce(FourRoomsAgent.OptionCritic, new FourRoomsSettings(1, 3, Episodes: 20, GoalChangeEpisode: 10, MaxSteps: 50), 0);

        Assert.Equal(20, steps.Length);
        Assert.All(steps, s => Assert.InRange(s, 1, 50));
        Assert.Contains(50, steps);
    }

    [Theory]
    [InlineData(0, 1200, 1000)]
    [InlineData(5, 1200, 1200)]
    [InlineData(5, 0, 0)]
    public void Run_BadSettings_Throws(int runs, int episodes, int goalChange)
    {
        var error = Assert.Throws<ArgumentException>(() => FourRoomsExperiment.Run(new FourRoomsSettings(runs, 0, episodes, goalChange), [FourRoomsAgent.Sarsa]));

        Assert.Equal("settings", error.ParamName);
    }

    [Fact]
    public void WindowStandardError_KnownRuns_SampleStandardDeviationOverRootN()
    {
        var result = new FourRoomsResult(FourRoomsAgent.Sarsa, [1.0], [2.0, 4.0, 6.0]);

        Assert.Equal(4.0, result.WindowMean);
        Assert.Equal(2.0 / Math.Sqrt(3), result.WindowStandardError, 12);
    }
}
