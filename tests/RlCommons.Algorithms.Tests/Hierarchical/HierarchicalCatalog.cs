using RlCommons.Algorithms.Hierarchical;

namespace RlCommons.Algorithms.Tests.Hierarchical;

/// <summary>
/// Builds the hierarchical agents on a 6-state corridor (action 0 left, 1 right; entering state 5 gives reward 1
/// and ends the episode) with two hand-made options — "run right" from states 0–2 until state 3, and "run left"
/// from states 3–4 until state 1 — plus both primitive actions, and drives them through episodes.
/// </summary>
internal static class HierarchicalCatalog
{
    public const int States = 6;
    public const int Goal = 5;

    public static TheoryData<string> Kinds => ["Smdp", "IntraOption", "OptionCritic"];

    public static IReadOnlyList<Option> CorridorOptions() =>
    [
        Option.Create("run right", [true, true, true, false, false, false], [1, 1, 1, -1, -1, -1], [0, 0, 0, 1, 1, 1]),
        Option.Create("run left", [false, false, false, true, true, false], [-1, -1, 0, 0, 0, -1], [1, 1, 0, 0, 0, 1]),
        .. Option.Primitives(2, States),
    ];

    public static object Create(string kind, long seed, double epsilon = 0.3) => kind switch
    {
        "Smdp" => new SmdpQLearningAgent(new SmdpQLearningOptions { StateCount = States, ActionCount = 2, OptionSet = CorridorOptions(), Epsilon = epsilon, LearningRate = 0.5, Seed = seed }),
        "IntraOption" => new IntraOptionQLearningAgent(new IntraOptionQLearningOptions { StateCount = States, ActionCount = 2, OptionSet = CorridorOptions(), Epsilon = epsilon, LearningRate = 0.5, Seed = seed }),
        _ => new OptionCriticAgent(new OptionCriticOptions { StateCount = States, ActionCount = 2, OptionCount = 2, Epsilon = epsilon, Temperature = 0.5, Seed = seed }),
    };

    public static (int Next, double Reward, bool Terminal) Step(int state, int action)
    {
        int next = Math.Clamp(state + (action == 1 ? 1 : -1), 0, States - 1);
        return (next, next == Goal ? 1.0 : 0.0, next == Goal);
    }

    /// <summary>Plays <paramref name="steps"/> steps from wherever the agent is (episodes restart in state 0); returns the actions taken.</summary>
    public static List<int> Play(object agent, int steps, ref int state)
    {
        var actions = new List<int>(steps);
        for (int i = 0; i < steps; i++)
        {
            int action = Act(agent, state);
            (int next, double reward, bool terminal) = Step(state, action);
            Learn(agent, reward, next, terminal);
            actions.Add(action);
            state = terminal ? 0 : next;
        }

        return actions;
    }

    public static List<int> Play(object agent, int steps)
    {
        int state = 0;
        return Play(agent, steps, ref state);
    }

    public static int Act(object agent, int state) => agent switch
    {
        OptionValueAgent a => a.Act(state),
        OptionCriticAgent a => a.Act(state),
        _ => throw new ArgumentException("Unknown agent.", nameof(agent)),
    };

    public static void Learn(object agent, double reward, int next, bool terminal)
    {
        switch (agent)
        {
            case OptionValueAgent a:
                a.Learn(reward, next, terminal);
                break;
            case OptionCriticAgent a:
                a.Learn(reward, next, terminal);
                break;
            default:
                throw new ArgumentException("Unknown agent.", nameof(agent));
        }
    }
}
