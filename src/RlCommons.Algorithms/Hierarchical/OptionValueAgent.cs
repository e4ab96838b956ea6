using RlCommons.Algorithms.Internal;
using RlCommons.Algorithms.Policies;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// What the agents that learn option values share: a <c>StateCount × OptionCount</c> table Q(s, o), the policy over
/// options (ε-greedy among the options whose initiation set holds the state, ties broken uniformly), the execution
/// of the chosen option step by step, seeded randomness and snapshots. <see cref="SmdpQLearningAgent"/> and
/// <see cref="IntraOptionQLearningAgent"/> differ only in how they update Q.
/// </summary>
/// <remarks>
/// <para>
/// The loop: <see cref="Act"/> in the current state returns a primitive action (choosing a new option first when
/// none is running, or when the running one terminates on arrival there, drawn with probability β(s));
/// <see cref="Learn"/> takes the reward and next state of that action; repeat from the next state. A terminal
/// step ends the running option. When an episode stops for another reason (a time limit), call
/// <see cref="EndEpisode"/>: the running option is dropped without an update.
/// </para>
/// <para>
/// Reproducibility: the randomness of call <c>n</c> to <see cref="Act"/> comes from <see cref="SeedSequence.Derive"/>
/// of the seed and <c>n</c>, so two agents with the same options and the same calls act identically, and an agent
/// restored from a snapshot (seed, counters, table and the running option) continues as the original would have.
/// </para>
/// <para>
/// As an <see cref="IPolicy"/> the agent's features are one value, the state's index (<see cref="FeatureCount"/> is 1),
/// and its distribution is over primitive actions given its execution state: with no option running, an option o is
/// chosen with its ε-greedy probability c(o | s) and takes π_o(s), so P(a) = Σ_o c(o | s)·[π_o(s) = a]; with option r
/// running, it goes on with probability 1 − β_r(s), so P(a) = (1 − β_r(s))·[π_r(s) = a] + β_r(s)·Σ_o c′(o | s)·[π_o(s) = a],
/// where c′ is the choice on the option values as they are after the update a termination triggers (SMDP Q-learning
/// updates Q(start, r) first; the two differ when the option ends where it started). <see cref="Decide"/> is
/// <see cref="Act"/> (the same draws from the same stream; a <see cref="Learn"/> must follow) with that distribution;
/// <see cref="GetProbabilities"/> computes it without acting. Both throw <see cref="InvalidOperationException"/> where
/// <see cref="Act"/> would.
/// </para>
/// <para>Not thread-safe: an agent runs one episode at a time, on one thread.</para>
/// </remarks>
public abstract class OptionValueAgent : IPolicy, ISnapshotable
{
    private readonly Option[] _options;
    private readonly int[] _available;
    private readonly bool[] _availableMask;
    private readonly double[] _choiceRow;
    private readonly double[] _choice;
    private readonly double[] _decideProbabilities;
    private readonly double[] _q;
    private readonly DecisionStream _stream;
    private ExecutionState _run = ExecutionState.Idle;

    private protected OptionValueAgent(OptionValueOptions? options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        StateCount = options.StateCount;
        ActionCount = options.ActionCount;
        _options = [.. options.OptionSet];
        LearningRate = options.LearningRate;
        DiscountFactor = options.DiscountFactor;
        Epsilon = options.Epsilon;
        _stream = new DecisionStream(SeedSequence.Resolve(options.Seed, options.Random));
        _q = new double[StateCount * _options.Length];
        _q.AsSpan().Fill(options.InitialValue);
        _available = new int[_options.Length];
        _availableMask = new bool[_options.Length];
        _choiceRow = new double[_options.Length];
        _choice = new double[_options.Length];
        _decideProbabilities = new double[ActionCount];
    }

    /// <summary>Gets the number of states.</summary>
    public int StateCount { get; }

    /// <summary>Gets the number of primitive actions.</summary>
    public int ActionCount { get; }

    /// <summary>Gets the number of options.</summary>
    public int OptionCount => _options.Length;

    /// <summary>Gets the length of the <see cref="IPolicy"/> features: 1, the state's index.</summary>
    public int FeatureCount => 1;

    /// <summary>Gets the options, in the order of the table's columns.</summary>
    public IReadOnlyList<Option> Options => _options;

    /// <summary>Gets the step size α.</summary>
    public double LearningRate { get; }

    /// <summary>Gets the discount factor γ per primitive step.</summary>
    public double DiscountFactor { get; }

    /// <summary>Gets the exploration rate ε of the policy over options.</summary>
    public double Epsilon { get; }

    /// <summary>Gets the index of the running option, or −1 when none is running.</summary>
    public int CurrentOption => _run.Option;

    /// <summary>Gets the number of calls to <see cref="Act"/> so far.</summary>
    public long DecisionCount => _stream.Decisions;

    /// <summary>Gets the number of table entries updated so far.</summary>
    public long UpdateCount => _stream.Updates;

    /// <summary>Gets the seed this agent's randomness derives from.</summary>
    public ulong Seed => _stream.Seed;

    /// <inheritdoc />
    public abstract string SnapshotType { get; }

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>
    /// Returns the primitive action to take in <paramref name="state"/>: the running option's action, after it
    /// survived its termination draw β(<paramref name="state"/>), or the action of a newly chosen option.
    /// </summary>
    /// <param name="state">The current state, in [0, <see cref="StateCount"/>); after <see cref="Learn"/>, its next state.</param>
    /// <param name="explore"><see langword="true"/> for ε-greedy choice among the available options; <see langword="false"/> for greedy.</param>
    /// <returns>The action, in [0, <see cref="ActionCount"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from, or <paramref name="state"/> is not the state it led to.</exception>
    public int Act(int state, bool explore = true)
    {
        RequireState(state, nameof(state));
        return Step(state, explore, out _, out _);
    }

    /// <summary>
    /// Acts in the state whose index is <c>features[0]</c>, exactly as <see cref="Act"/> does (same draws, same stream;
    /// the running option advances and a <see cref="Learn"/> must follow), and reports the distribution over primitive
    /// actions described in the remarks of <see cref="OptionValueAgent"/>.
    /// </summary>
    /// <param name="features">One value: the current state's index, an integer in [0, <see cref="StateCount"/>).</param>
    /// <param name="probabilities">Empty, or at least <see cref="ActionCount"/> long: receives the distribution the action was drawn from.</param>
    /// <param name="explore">ε-greedy choice among options when <see langword="true"/>; greedy (ties uniform) otherwise.</param>
    /// <returns>The action, its probability, Q(s, o) of the acting option as the score, whether it is not a most likely action, the sequence and the seed.</returns>
    /// <exception cref="ArgumentException">The features or the buffer are invalid; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from, or the state is not the one it led to; nothing changes.</exception>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        int state = StateFeature.Read(features, StateCount, nameof(features));
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: true);
        Span<double> distribution = probabilities.IsEmpty ? _decideProbabilities : probabilities[..ActionCount];
        Distribution(state, explore, distribution);
        int action = Step(state, explore, out long sequence, out ulong seed);
        double score = _q[(state * OptionCount) + _run.Option];
        return new Decision(action, distribution[action], score, !DiscreteDistribution.IsMode(distribution, action), sequence, seed);
    }

    /// <summary>Writes the distribution over primitive actions that <see cref="Decide"/> would draw from now (see the remarks of <see cref="OptionValueAgent"/>); uses no randomness and changes nothing.</summary>
    /// <param name="features">One value: the current state's index, an integer in [0, <see cref="StateCount"/>).</param>
    /// <param name="probabilities">At least <see cref="ActionCount"/> long.</param>
    /// <param name="explore">Whether to report the ε-greedy or the greedy choice among options.</param>
    /// <exception cref="ArgumentException">The features or the buffer are invalid.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from, or the state is not the one it led to.</exception>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        int state = StateFeature.Read(features, StateCount, nameof(features));
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: false);
        Distribution(state, explore, probabilities[..ActionCount]);
    }

    // Act's body, after the state is checked: the termination draw, the choice of an option, the option's action.
    private int Step(int state, bool explore, out long sequence, out ulong seed)
    {
        RequireCanAct(state);
        Random random = _stream.Begin(out sequence, out seed);
        if (_run.Option >= 0)
        {
            double beta = _options[_run.Option].TerminationAt(state);
            if (beta >= 1 || (beta > 0 && random.NextDouble() < beta))
            {
                OnOptionTerminated(_run, state, terminal: false);
                _run = _run with { Option = -1 };
            }
        }

        if (_run.Option < 0)
        {
            int option = ChooseOption(state, explore ? Epsilon : 0, random);
            _run = new ExecutionState(option, state, 0, 1, 0, -1, -1, -1);
        }

        int action = _options[_run.Option].ActionAt(state);
        _run = _run with { PendingState = state, PendingAction = action };
        _stream.Complete(sequence);
        return action;
    }

    /// <summary>Learns from the outcome of the action <see cref="Act"/> (or <see cref="Decide"/>) returned.</summary>
    /// <param name="reward">The reward; finite.</param>
    /// <param name="nextState">The state reached, in [0, <see cref="StateCount"/>).</param>
    /// <param name="terminal"><see langword="true"/> when <paramref name="nextState"/> ends the episode (no bootstrap; the running option ends).</param>
    /// <exception cref="ArgumentException">The reward is not finite or the state is out of range; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">There is no action to learn from.</exception>
    public void Learn(double reward, int nextState, bool terminal)
    {
        if (!double.IsFinite(reward))
        {
            throw new ArgumentException($"reward must be finite, was {reward}.", nameof(reward));
        }

        RequireState(nextState, nameof(nextState));
        if (_run.PendingState < 0)
        {
            throw new InvalidOperationException("Call Act before Learn.");
        }

        OnStep(_run.PendingState, _run.PendingAction, reward, nextState, terminal);
        _run = _run with
        {
            Return = _run.Return + (_run.Discount * reward),
            Discount = _run.Discount * DiscountFactor,
            Steps = _run.Steps + 1,
            PendingState = -1,
            PendingAction = -1,
            ArrivalState = nextState,
        };
        if (terminal)
        {
            OnOptionTerminated(_run, nextState, terminal: true);
            _run = ExecutionState.Idle;
        }
    }

    /// <summary>Drops the running option and any pending action without learning (for episodes cut off by a time limit).</summary>
    public void EndEpisode() => _run = ExecutionState.Idle;

    /// <summary>Returns Q(<paramref name="state"/>, <paramref name="option"/>).</summary>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <param name="option">An option index, in [0, <see cref="OptionCount"/>).</param>
    /// <returns>The current estimate.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state or option is out of range.</exception>
    public double GetQ(int state, int option)
    {
        RequireState(state, nameof(state));
        if ((uint)option >= (uint)OptionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(option), option, $"option must be in [0, {OptionCount}), was {option}.");
        }

        return _q[(state * OptionCount) + option];
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _stream.Write(writer);
        writer.WriteInt32(StateCount);
        writer.WriteInt32(OptionCount);
        writer.WriteDoubles(_q);
        _run.Write(writer);
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (version != SnapshotVersion)
        {
            throw new SnapshotException($"Unsupported {SnapshotType} payload version {version}; expected {SnapshotVersion}.");
        }

        Action commitStream = _stream.Read(reader);
        int states = reader.ReadInt32();
        int options = reader.ReadInt32();
        if (states != StateCount || options != OptionCount)
        {
            throw new SnapshotException($"The snapshot holds a {states} × {options} table; this agent has {StateCount} states × {OptionCount} options.");
        }

        double[] q = reader.ReadDoubles(StateCount * OptionCount, "the option values");
        if (q.Any(v => !double.IsFinite(v)))
        {
            throw new SnapshotException("An option value in the snapshot is not finite.");
        }

        ExecutionState run = ExecutionState.Read(reader, StateCount, OptionCount, ActionCount);
        reader.EnsureEnd();
        commitStream();
        q.CopyTo(_q, 0);
        _run = run;
    }

    /// <summary>Learns from one primitive step taken by the running option (intra-option methods).</summary>
    private protected virtual void OnStep(int state, int action, double reward, int nextState, bool terminal)
    {
    }

    /// <summary>Learns when the running option ends in <paramref name="state"/> (SMDP methods); <paramref name="run"/> holds its start, return and duration.</summary>
    private protected virtual void OnOptionTerminated(ExecutionState run, int state, bool terminal)
    {
    }

    /// <summary>Gets Q(s, ·) as a span over the options.</summary>
    private protected Span<double> Row(int state) => _q.AsSpan(state * OptionCount, OptionCount);

    /// <summary>Moves Q(s, o) toward <paramref name="target"/> by the step size and counts the update.</summary>
    private protected void MoveToward(int state, int option, double target)
    {
        ref double q = ref _q[(state * OptionCount) + option];
        q = Moved(q, target);
        _stream.CountUpdate();
    }

    /// <summary>The value <paramref name="q"/> moved toward <paramref name="target"/> by the step size: what <see cref="MoveToward"/> stores.</summary>
    private protected double Moved(double q, double target) => q + (LearningRate * (target - q));

    /// <summary>
    /// Writes Q(<paramref name="state"/>, ·) as the choice of an option will see it after <paramref name="run"/> terminates
    /// in <paramref name="state"/> (non-terminally), without changing anything: by default the table's row, as it is;
    /// an agent whose <see cref="OnOptionTerminated"/> updates the table overrides this.
    /// </summary>
    private protected virtual void RowAfterTermination(ExecutionState run, int state, Span<double> row) => Row(state).CopyTo(row);

    /// <summary>max over the options that can start in <paramref name="state"/> of Q(s, o): the value of s under the greedy policy over options.</summary>
    private protected double MaxAvailable(int state)
    {
        ReadOnlySpan<double> row = Row(state);
        double max = double.NegativeInfinity;
        for (int o = 0; o < _options.Length; o++)
        {
            if (_options[o].CanStart(state))
            {
                max = Math.Max(max, row[o]);
            }
        }

        return max;
    }

    // The distribution over primitive actions Step draws from (see the class remarks); throws where Step would.
    private void Distribution(int state, bool explore, Span<double> probabilities)
    {
        RequireCanAct(state);
        double choose = OptionMixture.Continue(_options, _run.Option, state, probabilities);
        if (choose == 0)
        {
            return;
        }

        if (_run.Option >= 0)
        {
            RowAfterTermination(_run, state, _choiceRow);
        }
        else
        {
            Row(state).CopyTo(_choiceRow);
        }

        OptionMixture.AddChoice<double>(_options, state, _choiceRow, explore ? Epsilon : 0, choose, _availableMask, _choice, probabilities);
    }

    private void RequireCanAct(int state)
    {
        if (_run.PendingState >= 0)
        {
            throw new InvalidOperationException("Call Learn with the outcome of the previous action before acting again.");
        }

        if (_run.Option >= 0 && state != _run.ArrivalState)
        {
            throw new InvalidOperationException($"The last action led to state {_run.ArrivalState}, not {state}; call EndEpisode before starting elsewhere.");
        }
    }

    private int ChooseOption(int state, double epsilon, Random random)
    {
        int count = 0;
        for (int o = 0; o < _options.Length; o++)
        {
            if (_options[o].CanStart(state))
            {
                _available[count++] = o;
            }
        }

        return Selection.EpsilonGreedy(_available.AsSpan(0, count), Row(state), epsilon, random, out _, out _);
    }

    private void RequireState(int state, string paramName)
    {
        if ((uint)state >= (uint)StateCount)
        {
            throw new ArgumentOutOfRangeException(paramName, state, $"{paramName} must be in [0, {StateCount}), was {state}.");
        }
    }

    /// <summary>
    /// The running option: its index, start state, discounted return so far Σ γ^i r, the factor γ^k after k steps,
    /// the step count, the pending (state, action) awaiting <see cref="Learn"/>, and the state the last step reached.
    /// </summary>
    private protected readonly record struct ExecutionState(int Option, int StartState, double Return, double Discount, int Steps, int PendingState, int PendingAction, int ArrivalState)
    {
        public static ExecutionState Idle => new(-1, -1, 0, 1, 0, -1, -1, -1);

        public void Write(SnapshotWriter writer)
        {
            writer.WriteInt32s([Option, StartState, Steps, PendingState, PendingAction, ArrivalState]);
            writer.WriteDouble(Return);
            writer.WriteDouble(Discount);
        }

        public static ExecutionState Read(SnapshotReader reader, int states, int options, int actions)
        {
            int[] v = reader.ReadInt32s();
            double ret = reader.ReadDouble();
            double discount = reader.ReadDouble();
            bool valid = v.Length == 6
                && v[0] >= -1 && v[0] < options
                && v[1] >= -1 && v[1] < states
                && v[2] >= 0
                && v[3] >= -1 && v[3] < states
                && v[4] >= -1 && v[4] < actions
                && v[5] >= -1 && v[5] < states
                && double.IsFinite(ret) && double.IsFinite(discount) && discount >= 0 && discount <= 1;
            if (!valid)
            {
                throw new SnapshotException("The running option in the snapshot is invalid.");
            }

            return new ExecutionState(v[0], v[1], ret, discount, v[2], v[3], v[4], v[5]);
        }
    }
}
