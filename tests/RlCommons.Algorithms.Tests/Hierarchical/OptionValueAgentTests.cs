using RlCommons.Algorithms.Hierarchical;

namespace RlCommons.Algorithms.Tests.Hierarchical;

/// <summary>
/// Exact updates on a 3-state chain: option "go" starts only in state 0, takes action 0 and terminates in state 2;
/// option "step" starts only in states 1–2, takes action 0 and always terminates. α = 0.5, γ = 0.9, Q₀ = 0.5, so
/// in state 0 only "go" is available and in state 2 only "step": the choices are forced.
/// </summary>
public sealed class OptionValueAgentTests
{
    private static IReadOnlyList<Option> ChainOptions() =>
    [
        Option.Create("go", [true, false, false], [0, 0, 0], [0, 0, 1]),
        Option.Create("step", [false, true, true], [0, 0, 0], [1, 1, 1]),
    ];

    private static T Options<T>()
        where T : OptionValueOptions, new()
        => new() { StateCount = 3, ActionCount = 1, OptionSet = ChainOptions(), LearningRate = 0.5, DiscountFactor = 0.9, InitialValue = 0.5, Seed = 1 };

    [Fact]
    public void Smdp_OptionOfTwoSteps_OneUpdateWithDiscountedReturnAndGammaSquaredBootstrap()
    {
        var agent = new SmdpQLearningAgent(Options<SmdpQLearningOptions>());

        Assert.Equal(0, agent.Act(0));
        Assert.Equal(0, agent.CurrentOption);
        agent.Learn(1, 1, false);
        Assert.Equal(0, agent.Act(1));
        agent.Learn(2, 2, false);
        Assert.Equal(0.5, agent.GetQ(0, 0));
        Assert.Equal(0, agent.Act(2));

        // go ended in state 2 after k = 2 steps: target 1 + 0.9·2 + 0.9²·Q(2, step) = 3.205; 0.5 + 0.5·(3.205 − 0.5).
        Assert.Equal(1.8525, agent.GetQ(0, 0), 12);
        Assert.Equal(1, agent.CurrentOption);
        agent.Learn(0, 0, true);

        // step ended at a terminal state: target 0; 0.5 + 0.5·(0 − 0.5).
        Assert.Equal(0.25, agent.GetQ(2, 1), 12);
        Assert.Equal(0.5, agent.GetQ(1, 1));
        Assert.Equal(-1, agent.CurrentOption);
        Assert.Equal(2, agent.UpdateCount);
        Assert.Equal(3, agent.DecisionCount);
    }

    [Fact]
    public void IntraOption_EveryStep_UpdatesEveryConsistentOption()
    {
        var agent = new IntraOptionQLearningAgent(Options<IntraOptionQLearningOptions>());

        agent.Act(0);
        agent.Learn(1, 1, false);

        // Both options take action 0 in state 0. go continues in state 1 (β = 0): 1 + 0.9·Q(1, go) = 1.45;
        // step terminates (β = 1): 1 + 0.9·max over O(1) = {step} = 1.45. Both move to 0.5 + 0.5·0.95.
        Assert.Equal(0.975, agent.GetQ(0, 0), 12);
        Assert.Equal(0.975, agent.GetQ(0, 1), 12);

        agent.Act(1);
        agent.Learn(2, 2, false);

        // go terminates in state 2 (β = 1): 2 + 0.9·max over O(2) = {step} = 2.45; the same for step.
        Assert.Equal(1.475, agent.GetQ(1, 0), 12);
        Assert.Equal(1.475, agent.GetQ(1, 1), 12);

        agent.Act(2);
        agent.Learn(3, 0, true);

        // Terminal: target r = 3 for both.
        Assert.Equal(1.75, agent.GetQ(2, 0), 12);
        Assert.Equal(1.75, agent.GetQ(2, 1), 12);
        Assert.Equal(6, agent.UpdateCount);
    }

    [Theory]
    [InlineData("Smdp")]
    [InlineData("IntraOption")]
    public void Act_Corridor_LearnsToRunRightGreedily(string kind)
    {
        var agent = (OptionValueAgent)HierarchicalCatalog.Create(kind, seed: 4);
        HierarchicalCatalog.Play(agent, 3000);
        agent.EndEpisode();

        int state = 0;
        int steps = 0;
        while (state != HierarchicalCatalog.Goal && steps < 50)
        {
            int action = agent.Act(state, explore: false);
            (int next, double reward, bool terminal) = HierarchicalCatalog.Step(state, action);
            agent.Learn(reward, next, terminal);
            state = next;
            steps++;
        }

        Assert.Equal(5, steps);
        Assert.True(agent.GetQ(0, 0) > agent.GetQ(0, 2), "run right should beat a step left in state 0");
    }

    [Fact]
    public void Act_WrongStateWhileOptionRuns_Throws()
    {
        var agent = new SmdpQLearningAgent(Options<SmdpQLearningOptions>());
        agent.Act(0);
        agent.Learn(0, 1, false);

        var error = Assert.Throws<InvalidOperationException>(() => agent.Act(2));

        Assert.Contains("led to state 1, not 2", error.Message, StringComparison.Ordinal);
        agent.EndEpisode();
        Assert.Equal(0, agent.Act(2));
    }

    [Fact]
    public void Learn_WithoutAct_Throws()
    {
        var agent = new IntraOptionQLearningAgent(Options<IntraOptionQLearningOptions>());

        Assert.Throws<InvalidOperationException>(() => agent.Learn(0, 1, false));
        agent.Act(0);
        Assert.Throws<InvalidOperationException>(() => agent.Act(0));
    }

    [Fact]
    public void Learn_BadInput_ThrowsNamingTheParameterAndChangesNothing()
    {
        var agent = new SmdpQLearningAgent(Options<SmdpQLearningOptions>());
        agent.Act(0);

        Assert.Equal("reward", Assert.Throws<ArgumentException>(() => agent.Learn(double.NaN, 1, false)).ParamName);
        Assert.Equal("nextState", Assert.Throws<ArgumentOutOfRangeException>(() => agent.Learn(0, 3, false)).ParamName);
        Assert.Equal("state", Assert.Throws<ArgumentOutOfRangeException>(() => agent.GetQ(-1, 0)).ParamName);
        Assert.Equal("option", Assert.Throws<ArgumentOutOfRangeException>(() => agent.GetQ(0, 2)).ParamName);
        agent.Learn(1, 1, false);
        Assert.Equal(0, agent.Act(1));
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var options = new SmdpQLearningOptions
        {
            StateCount = 3,
            ActionCount = 1,
            LearningRate = 0,
            Epsilon = 2,
            OptionSet = [Option.Primitive(0, 4), Option.Create("o", [true, false, false], [1, -1, -1], [1, 1, 1])],
        };

        var error = Assert.Throws<ArgumentException>(() => new SmdpQLearningAgent(options));

        Assert.Contains("LearningRate must be in (0, 1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("Epsilon", error.Message, StringComparison.Ordinal);
        Assert.Contains("OptionSet[0] (action 0) covers 4 states; StateCount is 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("OptionSet[1] (o) takes action 1 in state 0; ActionCount is 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_StateWithoutAnyOption_Throws()
    {
        var options = new IntraOptionQLearningOptions
        {
            StateCount = 2,
            ActionCount = 1,
            OptionSet = [Option.Create("o", [true, false], [0, 0], [1, 1])],
        };

        var error = Assert.Throws<ArgumentException>(() => new IntraOptionQLearningAgent(options));

        Assert.Equal("OptionSet", error.ParamName);
        Assert.Contains("No option can start in state 1", error.Message, StringComparison.Ordinal);
    }
}
