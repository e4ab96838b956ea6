using RlCommons.Algorithms.Hierarchical;

namespace RlCommons.Algorithms.Tests.Hierarchical;

public sealed class OptionCriticAgentTests
{
    private static OptionCriticAgent Create(bool baseline, double temperature = 1.0, double entropy = 0.0) => new(new OptionCriticOptions
    {
        StateCount = 2,
        ActionCount = 2,
        OptionCount = 2,
        CriticLearningRate = 0.5,
        IntraOptionLearningRate = 0.25,
        TerminationLearningRate = 0.25,
        TerminationRegularizer = 0.01,
        EntropyCoefficient = entropy,
        Temperature = temperature,
        DiscountFactor = 0.9,
        UseBaseline = baseline,
        Seed = 3,
    });

    [Fact]
    public void Learn_FirstStepWithoutBaseline_ExactCriticPolicyAndTerminationUpdates()
    {
        OptionCriticAgent agent = Create(baseline: false);
        int a = agent.Act(0);
        int w = agent.CurrentOption;

        agent.Learn(1, 1, false);

        // Critic: everything 0 and β = 0.5, so g = 1 + 0.9·(0.5·0 + 0.5·0) = 1; Q_U and Q_Ω move to 0.5·1.
        Assert.Equal(0.5, agent.GetOptionValue(0, w), 12);
        Assert.Equal(0.0, agent.GetOptionValue(0, 1 - w));

        // Policy: A = Q_U = 0.5, π uniform: θ_a += 0.25·0.5·(1 − 0.5) = 0.0625, θ_b −= 0.0625; T = 1.
        var pi = new double[2];
        agent.GetActionProbabilities(w, 0, pi);
        Assert.Equal(1 / (1 + Math.Exp(-0.125)), pi[a], 12);
        Assert.Equal(1 / (1 + Math.Exp(0.125)), pi[1 - a], 12);

        // Termination at s′ = 1: ϑ −= 0.25·0.5·0.5·(Q_Ω(1, ω) − max Q_Ω(1, ·) + ξ) = 0.25·0.25·0.01.
        Assert.Equal(1 / (1 + Math.Exp(0.000625)), agent.GetTerminationProbability(w, 1), 12);
        Assert.Equal(0.5, agent.GetTerminationProbability(w, 0));
        Assert.Equal(0.5, agent.GetTerminationProbability(1 - w, 1));
    }

    [Fact]
    public void Learn_FirstStepWithBaseline_ZeroAdvantageLeavesThePolicyUniform()
    {
        OptionCriticAgent agent = Create(baseline: true, entropy: 0.5);
        agent.Act(0);
        int w = agent.CurrentOption;

        agent.Learn(1, 1, false);

        // A = Q_U − Q_Ω = 0.5 − 0.5, and the entropy gradient vanishes at the uniform policy.
        var pi = new double[2];
        agent.GetActionProbabilities(w, 0, pi);
        Assert.Equal([0.5, 0.5], pi);
    }

    [Fact]
    public void Learn_EntropyBonus_PullsAPeakedPolicyBackTowardUniform()
    {
        // Two identical agents and transitions; only η differs. A negative reward pushes the taken action down
        // (without baseline), making π non-uniform; the next update with the entropy bonus is flatter.
        double PeakAfter(double entropy)
        {
            OptionCriticAgent agent = Create(baseline: false, entropy: entropy);
            for (int i = 0; i < 2; i++)
            {
                agent.Act(0);
                agent.Learn(-1, 0, false);
            }

            var pi = new double[2];
            agent.GetActionProbabilities(agent.CurrentOption, 0, pi);
            return Math.Max(pi[0], pi[1]);
        }

        Assert.True(PeakAfter(0.5) < PeakAfter(0.0));
    }

    [Fact]
    public void Act_Terminal_EndsTheOption()
    {
        OptionCriticAgent agent = Create(baseline: true);
        agent.Act(0);
        Assert.True(agent.CurrentOption >= 0);

        agent.Learn(1, 1, true);

        Assert.Equal(-1, agent.CurrentOption);
        Assert.Equal(1, agent.UpdateCount);
    }

    [Fact]
    public void Act_Corridor_LearnsToReachTheGoalQuickly()
    {
        var agent = (OptionCriticAgent)HierarchicalCatalog.Create("OptionCritic", seed: 5, epsilon: 0.05);
        int state = 0;
        HierarchicalCatalog.Play(agent, 4000, ref state);
        agent.EndEpisode();

        int steps = 0;
        state = 0;
        while (state != HierarchicalCatalog.Goal && steps < 50)
        {
            int action = agent.Act(state, explore: false);
            (int next, double reward, bool terminal) = HierarchicalCatalog.Step(state, action);
            agent.Learn(reward, next, terminal);
            state = next;
            steps++;
        }

        Assert.Equal(5, steps);
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        OptionCriticAgent agent = Create(baseline: true);

        Assert.Throws<InvalidOperationException>(() => agent.Learn(0, 0, false));
        Assert.Equal("state", Assert.Throws<ArgumentOutOfRangeException>(() => agent.Act(2)).ParamName);
        agent.Act(0);
        Assert.Throws<InvalidOperationException>(() => agent.Act(0));
        Assert.Equal("reward", Assert.Throws<ArgumentException>(() => agent.Learn(double.PositiveInfinity, 0, false)).ParamName);
        Assert.Equal("nextState", Assert.Throws<ArgumentOutOfRangeException>(() => agent.Learn(0, 5, false)).ParamName);
        Assert.Equal("option", Assert.Throws<ArgumentOutOfRangeException>(() => agent.GetOptionValue(0, 2)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => agent.GetActionProbabilities(0, 0, new double[1])).ParamName);
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var options = new OptionCriticOptions { StateCount = 0, ActionCount = 2, OptionCount = 0, Temperature = 0, TerminationRegularizer = -1, CriticLearningRate = 2 };

        var error = Assert.Throws<ArgumentException>(() => new OptionCriticAgent(options));

        Assert.Equal("options", error.ParamName);
        foreach (string name in new[] { "StateCount", "OptionCount", "Temperature", "TerminationRegularizer", "CriticLearningRate" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }
}
