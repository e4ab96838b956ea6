using RlCommons.Algorithms.Tabular;

namespace RlCommons.Algorithms.Tests.Tabular;

/// <summary>Builds either tabular agent by name, and feeds it transitions, for the tests that cover both.</summary>
internal static class TabularCatalog
{
    public static TheoryData<string> Kinds => new() { "QLearning", "Sarsa" };

    public static TabularAgent Create(string kind, int states = 3, int actions = 3, long seed = 1, double epsilon = 0.1, double alpha = 0.5)
        => kind switch
        {
            "QLearning" => new QLearningAgent(new QLearningOptions { StateCount = states, ActionCount = actions, Seed = seed, Epsilon = epsilon, LearningRate = alpha }),
            "Sarsa" => new SarsaAgent(new SarsaOptions { StateCount = states, ActionCount = actions, Seed = seed, Epsilon = epsilon, LearningRate = alpha }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

    /// <summary>One learning step through the agent's own Learn (SARSA gets <paramref name="nextAction"/>).</summary>
    public static void Learn(TabularAgent agent, int state, int action, double reward, int nextState, bool terminal, int nextAction = 0)
    {
        switch (agent)
        {
            case QLearningAgent q:
                q.Learn(state, action, reward, nextState, terminal);
                break;
            case SarsaAgent s:
                s.Learn(state, action, reward, nextState, nextAction, terminal);
                break;
        }
    }

    /// <summary>A fixed-seed random walk of decisions and updates over the agent's table.</summary>
    public static List<Decision> Play(TabularAgent agent, Random random, int steps)
    {
        var decisions = new List<Decision>(steps);
        int state = random.Next(agent.StateCount);
        for (int t = 0; t < steps; t++)
        {
            Decision d = agent.Decide(state);
            decisions.Add(d);
            int next = random.Next(agent.StateCount);
            Learn(agent, state, d.Action, random.NextDouble() - 0.3, next, random.Next(10) == 0, random.Next(agent.ActionCount));
            state = next;
        }

        return decisions;
    }

    /// <summary>Every action value, state-major.</summary>
    public static double[] Table(TabularAgent agent)
    {
        var q = new double[agent.StateCount * agent.ActionCount];
        for (int s = 0; s < agent.StateCount; s++)
        {
            agent.GetQValues(s, q.AsSpan(s * agent.ActionCount, agent.ActionCount));
        }

        return q;
    }
}
