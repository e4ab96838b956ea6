using RlCommons.Spaces;

namespace RlCommons.Environments.GridWorlds;

/// <summary>
/// The Four Rooms grid world of Sutton, Precup &amp; Singh (1999), with the layout, goal and dynamics of the
/// Option-Critic experiments (Bacon, Harb &amp; Precup, 2017): a 13×13 grid whose walls leave 104 free cells in four
/// rooms joined by four one-cell hallways. Actions 0–3 move up, down, left, right. A move into a wall leaves the
/// agent in place; a move into a free cell succeeds and is then, with probability 1/3, followed by a jump to a free
/// neighbour of the new cell chosen uniformly (the order of the Option-Critic code). Reward 1 when the agent
/// enters the goal, which ends the episode, and 0 otherwise. Episodes start in a uniformly chosen free cell other
/// than the goal.
/// </summary>
/// <remarks>
/// <para>
/// States are numbered 0–103 in row-major order of the free cells (the Option-Critic code's numbering), so the
/// default goal, state 62, is the east hallway (row 7, column 9) between the upper-right and lower-right rooms.
/// The observation is the one-hot encoding of the state (<see cref="DiscreteSpace"/> of 104 values); tabular
/// agents read <see cref="State"/> instead.
/// </para>
/// <para>
/// There is no step limit here: wrap the environment in a <see cref="TimeLimit"/> (the Option-Critic experiments cap
/// episodes at 1000 steps). Seeded like every <see cref="EnvironmentBase"/>; <see cref="MoveGoal"/> draws from the
/// same generator. Not thread-safe.
/// </para>
/// </remarks>
public sealed class FourRooms : EnvironmentBase
{
    /// <summary>The number of free cells, and so of states.</summary>
    public const int StateCount = 104;

    /// <summary>The number of actions: up, down, left, right.</summary>
    public const int ActionCount = 4;

    /// <summary>The side of the grid, walls included.</summary>
    public const int GridSize = 13;

    /// <summary>The goal of the first phase of the experiments: the east hallway (row 7, column 9).</summary>
    public const int DefaultGoal = 62;

    /// <summary>Action 0: one row up.</summary>
    public const int Up = 0;

    /// <summary>Action 1: one row down.</summary>
    public const int Down = 1;

    /// <summary>Action 2: one column left.</summary>
    public const int Left = 2;

    /// <summary>Action 3: one column right.</summary>
    public const int Right = 3;

    /// <summary>The probability that a successful move is followed by a jump to a random free neighbour.</summary>
    public const double SlipProbability = 1.0 / 3.0;

    private static readonly string[] Layout =
    [
        "wwwwwwwwwwwww",
        "w     w     w",
        "w     w     w",
        "w           w",
        "w     w     w",
        "w     w     w",
        "ww wwww     w",
        "w     www www",
        "w     w     w",
        "w     w     w",
        "w           w",
        "w     w     w",
        "wwwwwwwwwwwww",
    ];

    private static readonly int[] RowStep = [-1, 1, 0, 0];
    private static readonly int[] ColumnStep = [0, 0, -1, 1];
    private static readonly int[] StateOfCell;
    private static readonly int[] CellOfState;
    private static readonly int[] LowerRightGoals;
    private static readonly int[] HallwayStates;

    private readonly int[] _neighbours = new int[ActionCount];
    private int _state;
    private int _goal = DefaultGoal;

    static FourRooms()
    {
        StateOfCell = new int[GridSize * GridSize];
        var cells = new List<int>(StateCount);
        for (int r = 0; r < GridSize; r++)
        {
            for (int c = 0; c < GridSize; c++)
            {
                bool free = Layout[r][c] != 'w';
                StateOfCell[(r * GridSize) + c] = free ? cells.Count : -1;
                if (free)
                {
                    cells.Add((r * GridSize) + c);
                }
            }
        }

        CellOfState = [.. cells];
        HallwayStates = [StateAt(3, 6), StateAt(6, 2), StateAt(7, 9), StateAt(10, 6)];

        // The lower-right room and its west hallway: the goals the Option-Critic experiment moves to after 1000 episodes.
        LowerRightGoals = [.. Enumerable.Range(0, StateCount).Where(s => RoomOf(s) == 3 || s == StateAt(10, 6))];
    }

    /// <summary>Creates the environment with the goal at <see cref="DefaultGoal"/>; call <see cref="EnvironmentBase.Reset"/> before stepping.</summary>
    public FourRooms()
        : base(new DiscreteSpace(StateCount), new DiscreteSpace(ActionCount))
    {
    }

    /// <summary>
    /// The states the goal may move to in the transfer phase: the 20 cells of the lower-right room and its west
    /// hallway (state 88), as in the Option-Critic code (21 states, ascending).
    /// </summary>
    public static IReadOnlyList<int> LowerRightRoomGoals => LowerRightGoals;

    /// <summary>The four hallway states, ascending: north (row 3, column 6), west (6, 2), east (7, 9), south (10, 6).</summary>
    public static IReadOnlyList<int> Hallways => HallwayStates;

    /// <summary>Gets the current state, in [0, <see cref="StateCount"/>).</summary>
    public int State => _state;

    /// <summary>Gets the goal state: entering it gives reward 1 and ends the episode.</summary>
    public int Goal => _goal;

    /// <summary>Returns the state of the free cell at (<paramref name="row"/>, <paramref name="column"/>), or −1 for a wall.</summary>
    /// <param name="row">The row, 0 (top) to 12.</param>
    /// <param name="column">The column, 0 (left) to 12.</param>
    /// <returns>The state, or −1 when the cell is a wall.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The row or column is outside the grid.</exception>
    public static int StateAt(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, GridSize);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, GridSize);
        return StateOfCell[(row * GridSize) + column];
    }

    /// <summary>Returns the (row, column) of <paramref name="state"/>.</summary>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <returns>The cell.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state is out of range.</exception>
    public static (int Row, int Column) CellOf(int state)
    {
        RequireState(state, nameof(state));
        int cell = CellOfState[state];
        return (cell / GridSize, cell % GridSize);
    }

    /// <summary>
    /// Returns the room of <paramref name="state"/>: 0 upper-left, 1 upper-right, 2 lower-left, 3 lower-right, or −1
    /// for a hallway.
    /// </summary>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <returns>The room index, or −1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state is out of range.</exception>
    public static int RoomOf(int state)
    {
        (int row, int column) = CellOf(state);
        return (row, column) switch
        {
            (3, 6) or (6, 2) or (7, 9) or (10, 6) => -1,
            ( <= 5, <= 5) => 0,
            ( <= 6, >= 7) => 1,
            (_, <= 5) => 2,
            _ => 3,
        };
    }

    /// <summary>
    /// Returns the state that action <paramref name="action"/> leads to from <paramref name="state"/> without a slip:
    /// the neighbour in that direction, or <paramref name="state"/> itself when a wall is there.
    /// </summary>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <param name="action">An action, in [0, <see cref="ActionCount"/>).</param>
    /// <returns>The intended next state.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state or action is out of range.</exception>
    public static int Neighbour(int state, int action)
    {
        RequireState(state, nameof(state));
        if ((uint)action >= ActionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, $"action must be in [0, {ActionCount}), was {action}.");
        }

        int cell = CellOfState[state];
        int next = StateOfCell[cell + (RowStep[action] * GridSize) + ColumnStep[action]];
        return next < 0 ? state : next;
    }

    /// <summary>Moves the goal to <paramref name="goal"/>; the current episode continues with the new goal.</summary>
    /// <param name="goal">A state, in [0, <see cref="StateCount"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The state is out of range.</exception>
    public void SetGoal(int goal)
    {
        RequireState(goal, nameof(goal));
        _goal = goal;
    }

    /// <summary>
    /// Moves the goal to a state of <see cref="LowerRightRoomGoals"/> drawn uniformly from the environment's generator
    /// (the transfer phase of the Option-Critic experiment, after 1000 episodes).
    /// </summary>
    /// <returns>The new goal.</returns>
    public int MoveGoal()
    {
        _goal = LowerRightGoals[Random.Next(LowerRightGoals.Length)];
        return _goal;
    }

    /// <summary>Puts the agent in <paramref name="state"/> and allows stepping (for tests and planning).</summary>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The state is out of range.</exception>
    public void SetState(int state)
    {
        RequireState(state, nameof(state));
        _state = state;
        MarkStarted();
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        // Uniform over the 103 free cells other than the goal.
        int start = Random.Next(StateCount - 1);
        _state = start >= _goal ? start + 1 : start;
        Observe(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(int action, Span<float> observation)
    {
        int next = Neighbour(_state, action);
        if (next != _state)
        {
            _state = next;
            if (Random.NextDouble() < SlipProbability)
            {
                int count = 0;
                for (int a = 0; a < ActionCount; a++)
                {
                    int n = Neighbour(_state, a);
                    if (n != _state)
                    {
                        _neighbours[count++] = n;
                    }
                }

                _state = _neighbours[Random.Next(count)];
            }
        }

        Observe(observation);
        bool terminated = _state == _goal;
        return new StepResult(terminated ? 1.0 : 0.0, terminated, false);
    }

    private static void RequireState(int state, string paramName)
    {
        if ((uint)state >= StateCount)
        {
            throw new ArgumentOutOfRangeException(paramName, state, $"{paramName} must be in [0, {StateCount}), was {state}.");
        }
    }

    private void Observe(Span<float> observation)
    {
        observation.Clear();
        observation[_state] = 1f;
    }
}
