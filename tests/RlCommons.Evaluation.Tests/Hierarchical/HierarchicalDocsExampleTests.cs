using RlCommons.Environments;
using RlCommons.Environments.GridWorlds;
using RlCommons.Algorithms.Hierarchical;

namespace RlCommons.Evaluation.Tests.Hierarchical;

/// <summary>The example of docs/hierarchical.md (and the proposed README paragraph), run as written.</summary>
public sealed class HierarchicalDocsExampleTests
{
    [Fact]
    public void DocsExample_SmdpHallwayOptions_ReachesTheGoalManyTimesIn1000Steps()
    {
        // hierarchical-example begin
        var hallways = FourRoomsHallwayOption.CreateAll()
            .Select(h => Option.Create($"room {h.Room} → {h.TargetHallway}", h.Initiation, h.Policy, h.Termination));
        var agent = new SmdpQLearningAgent(new SmdpQLearningOptions
        {
            StateCount = FourRooms.StateCount,
            ActionCount = FourRooms.ActionCount,
            OptionSet = [.. hallways, .. Option.Primitives(FourRooms.ActionCount, FourRooms.StateCount)],
            LearningRate = 1.0, Epsilon = 0.2, Seed = 1,
        });
        var env = new FourRooms();
        var obs = new float[FourRooms.StateCount];
        env.Reset(seed: 1, obs);
        int episodes = 0;
        for (int t = 0; t < 1000; t++)
        {
            StepResult step = env.Step(agent.Act(env.State), obs);
            agent.Learn(step.Reward, env.State, step.Terminated);
            if (step.Terminated) { env.Reset(null, obs); episodes++; }
        }
        // hierarchical-example end

        // A uniform random walk needs well over 100 steps per episode here; the hallway options need about 20.
        Assert.True(episodes >= 25, $"{episodes} episodes");
        Assert.Equal(1000, agent.DecisionCount);
    }

    [Fact]
    public void Example_ReadmeBlock_MatchesTheCodeThisTestRuns()
        => DocumentedCode.AssertShownAsTested("README.md", "tests/RlCommons.Evaluation.Tests/Hierarchical/HierarchicalDocsExampleTests.cs", "hierarchical-example");
}
