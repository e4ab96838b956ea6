using RlCommons.Algorithms.Tabular;

namespace RlCommons.Algorithms.Tests.Tabular;

/// <summary>
/// A deterministic grid world for the learning tests. Cells: '.' free, '#' wall, 'S' start, 'G' goal (terminal),
/// 'P' pit (terminal), 'C' cliff (sends the agent back to the start, not terminal, as in Sutton &amp; Barto's
/// cliff walking, Example 6.6). Actions 0–3 move up, right, down, left; a move into a wall or off the grid
/// stays put. States are row-major cell indices.
/// </summary>
internal sealed class GridWorld
{
    private readonly string[] _rows;

    public GridWorld(double stepReward, double goalReward, double pitReward, double cliffReward, params string[] rows)
    {
        _rows = rows;
        StepReward = stepReward;
        GoalReward = goalReward;
        PitReward = pitReward;
        CliffReward = cliffReward;
        Columns = rows[0].Length;
        Start = Array.FindIndex(Enumerable.Range(0, StateCount).ToArray(), s => Cell(s) == 'S');
    }

    public const int ActionCount = 4;

    public int Columns { get; }

    public int StateCount => _rows.Length * Columns;

    public int Start { get; }

    public double StepReward { get; }

    public double GoalReward { get; }

    public double PitReward { get; }

    public double CliffReward { get; }

    public char Cell(int state) => _rows[state / Columns][state % Columns];

    public int Row(int state) => state / Columns;

    /// <summary>States where an agent can stand and act (not walls, terminals or cliff).</summary>
    public IEnumerable<int> DecisionStates => Enumerable.Range(0, StateCount).Where(s => Cell(s) is '.' or 'S');

    public bool IsTerminal(int state) => Cell(state) is 'G' or 'P';

    public (int Next, double Reward, bool Terminal) Step(int state, int action)
    {
        int r = state / Columns;
        int c = state % Columns;
        (int dr, int dc) = action switch { 0 => (-1, 0), 1 => (0, 1), 2 => (1, 0), _ => (0, -1) };
        int nr = r + dr;
        int nc = c + dc;
        int next = nr < 0 || nr >= _rows.Length || nc < 0 || nc >= Columns || _rows[nr][nc] == '#' ? state : (nr * Columns) + nc;
        return Cell(next) switch
        {
            'G' => (next, GoalReward, true),
            'P' => (next, PitReward, true),
            'C' => (Start, CliffReward, false),
            _ => (next, StepReward, false),
        };
    }

    /// <summary>Q* by value iteration to a 1e-12 fixed point (exact enough to compare greedy actions).</summary>
    public double[,] OptimalQ(double gamma)
    {
        var v = new double[StateCount];
        var q = new double[StateCount, ActionCount];
        for (int sweep = 0; sweep < 100_000; sweep++)
        {
            double change = 0;
            foreach (int s in DecisionStates)
            {
                double best = double.NegativeInfinity;
                for (int a = 0; a < ActionCount; a++)
                {
                    (int next, double reward, bool terminal) = Step(s, a);
                    q[s, a] = reward + (terminal ? 0 : gamma * v[next]);
                    best = Math.Max(best, q[s, a]);
                }

                change = Math.Max(change, Math.Abs(best - v[s]));
                v[s] = best;
            }

            if (change < 1e-12)
            {
                return q;
            }
        }

        throw new InvalidOperationException("Value iteration did not converge.");
    }

    /// <summary>The states where the agent's greedy action is not optimal under <paramref name="optimalQ"/>.</summary>
    public List<int> SuboptimalStates(TabularAgent agent, double[,] optimalQ)
    {
        int[] policy = agent.GetGreedyPolicy();
        var wrong = new List<int>();
        foreach (int s in DecisionStates)
        {
            double best = Enumerable.Range(0, ActionCount).Max(a => optimalQ[s, a]);
            if (optimalQ[s, policy[s]] < best - 1e-9)
            {
                wrong.Add(s);
            }
        }

        return wrong;
    }

    /// <summary>Follows the agent's exported greedy policy from the start; returns the visited states (start included).</summary>
    public List<int> GreedyPath(TabularAgent agent, int maxSteps)
    {
        int[] policy = agent.GetGreedyPolicy();
        var path = new List<int> { Start };
        int s = Start;
        for (int t = 0; t < maxSteps; t++)
        {
            (int next, _, bool terminal) = Step(s, policy[s]);
            path.Add(next);
            if (terminal)
            {
                break;
            }

            s = next;
        }

        return path;
    }

    /// <summary>Runs Q-learning episodes; each starts in a state drawn by <paramref name="starts"/> (or at the start when null).</summary>
    public void Train(QLearningAgent agent, int episodes, Random? starts, int maxSteps = 200)
    {
        int[] decisionStates = [.. DecisionStates];
        for (int e = 0; e < episodes; e++)
        {
            int s = starts is null ? Start : decisionStates[starts.Next(decisionStates.Length)];
            for (int t = 0; t < maxSteps; t++)
            {
                int a = agent.Decide(s).Action;
                (int next, double reward, bool terminal) = Step(s, a);
                agent.Learn(s, a, reward, next, terminal);
                if (terminal)
                {
                    break;
                }

                s = next;
            }
        }
    }

    /// <summary>Runs SARSA episodes; each starts in a state drawn by <paramref name="starts"/> (or at the start when null).</summary>
    public void Train(SarsaAgent agent, int episodes, Random? starts, int maxSteps = 200)
    {
        int[] decisionStates = [.. DecisionStates];
        for (int e = 0; e < episodes; e++)
        {
            int s = starts is null ? Start : decisionStates[starts.Next(decisionStates.Length)];
            int a = agent.Decide(s).Action;
            for (int t = 0; t < maxSteps; t++)
            {
                (int next, double reward, bool terminal) = Step(s, a);
                int nextAction = terminal ? 0 : agent.Decide(next).Action;
                agent.Learn(s, a, reward, next, nextAction, terminal);
                if (terminal)
                {
                    break;
                }

                s = next;
                a = nextAction;
            }
        }
    }
}
