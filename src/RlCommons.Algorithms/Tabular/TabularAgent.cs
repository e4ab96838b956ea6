using System.Globalization;
using RlCommons.Algorithms.Diagnostics;
using RlCommons.Algorithms.Internal;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tabular;

/// <summary>
/// What the tabular temporal-difference agents share: a <c>StateCount × ActionCount</c> table of action values,
/// ε-greedy decisions with exact propensities and optional action masks, seeded per-decision randomness,
/// counters, one lock, and snapshots. <see cref="QLearningAgent"/> and <see cref="SarsaAgent"/> differ only in
/// the target of their update.
/// </summary>
/// <remarks>
/// <para>
/// Thread safety: every public member is safe to call from many threads at once; decisions and updates are
/// serialized by one lock per agent.
/// </para>
/// <para>
/// Reproducibility: decision <c>n</c> draws its randomness from <see cref="SeedSequence.Derive"/> of the agent's
/// seed and <c>n</c> (see <see cref="Decision.Seed"/>). Two agents with the same options that receive the same
/// calls in the same order make identical decisions; an agent restored from a snapshot (which holds the seed,
/// the counters and the table) continues exactly as the original would have.
/// </para>
/// <para>
/// Snapshots hold the seed, the counters and the table; the hyperparameters come from the options of the agent
/// that loads them, and the table's shape must match.
/// </para>
/// <para>
/// Bad input (a state, action or mask out of range, a NaN or infinite reward) throws an
/// <see cref="ArgumentException"/> naming the parameter and leaves the agent unchanged.
/// </para>
/// <para>
/// Policy contract (<see cref="IPolicy"/>): the one feature is the state index (<see cref="IPolicy.FeatureCount"/> is 1;
/// it must be an integral value in [0, <see cref="StateCount"/>), and indices above 2²⁴ are not all representable as
/// <see cref="float"/>), the probabilities are the ε-greedy distribution over every action with ties shared uniformly
/// (the plain contract has no action mask), and action names are the indices.
/// </para>
/// </remarks>
public abstract class TabularAgent : ISnapshotable, IPolicy
{
    private readonly Lock _gate = new();
    private readonly int[] _allActions;
    private readonly int[] _allowed;
    private readonly Schedules.Schedule? _epsilonSchedule;
    private double[] _q;
    private readonly DecisionStream _stream;

    private protected TabularAgent(TabularOptions? options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        StateCount = options.StateCount;
        ActionCount = options.ActionCount;
        LearningRate = options.LearningRate;
        DiscountFactor = options.DiscountFactor;
        Epsilon = options.Epsilon;
        _epsilonSchedule = options.EpsilonSchedule;
        InitialValue = options.InitialValue;
        TimeProvider = options.TimeProvider;
        _stream = new DecisionStream(SeedSequence.Resolve(options.Seed, options.Random));
        _q = new double[StateCount * ActionCount];
        _q.AsSpan().Fill(InitialValue);
        _allActions = [.. Enumerable.Range(0, ActionCount)];
        _allowed = new int[ActionCount];
    }

    /// <summary>The number of discrete states.</summary>
    public int StateCount { get; }

    /// <summary>The number of discrete actions.</summary>
    public int ActionCount { get; }

    /// <summary>The step size α.</summary>
    public double LearningRate { get; }

    /// <summary>The discount factor γ.</summary>
    public double DiscountFactor { get; }

    /// <summary>The constant exploration rate ε (from the options), used when no ε schedule was given.</summary>
    public double Epsilon { get; }

    /// <summary>The exploration rate the next exploring decision will use (the schedule's value at <see cref="DecisionCount"/>, or <see cref="Epsilon"/>).</summary>
    public double CurrentEpsilon => EpsilonAt(DecisionCount);

    /// <summary>The initial value of every table entry.</summary>
    public double InitialValue { get; }

    /// <summary>The clock of the agent (from its options), used for snapshot timestamps.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The number of decisions made so far.</summary>
    public long DecisionCount => _stream.Decisions;

    /// <summary>The number of transitions learned so far.</summary>
    public long UpdateCount => _stream.Updates;

    /// <summary>The seed this agent's randomness derives from.</summary>
    public ulong Seed
    {
        get
        {
            lock (_gate)
            {
                return _stream.Seed;
            }
        }
    }

    /// <inheritdoc />
    public abstract string SnapshotType { get; }

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>
    /// Chooses an action in <paramref name="state"/>, ε-greedily over every action (ε is <see cref="CurrentEpsilon"/>). Allocation-free.
    /// </summary>
    /// <param name="state">The current state, in [0, <see cref="StateCount"/>).</param>
    /// <param name="explore"><see langword="true"/> for the ε-greedy policy; <see langword="false"/> for the greedy one (ties broken uniformly at random).</param>
    /// <returns>The decision: the action, its exact propensity <c>ε/K + (1 − ε)/|G|</c> when greedy (<c>ε/K</c> otherwise), and its value as the score.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is out of range.</exception>
    public Decision Decide(int state, bool explore = true) => Decide(state, ReadOnlySpan<bool>.Empty, explore);

    /// <summary>
    /// Chooses an action in <paramref name="state"/> among the allowed ones, ε-greedily. Allocation-free.
    /// Exploration is uniform over the allowed actions and the greedy set is taken over them only, so the
    /// propensity is <c>ε/K + (1 − ε)/|G|</c> with <c>K</c> allowed actions and <c>G</c> the allowed actions of highest value.
    /// </summary>
    /// <param name="state">The current state, in [0, <see cref="StateCount"/>).</param>
    /// <param name="allowedActions">Empty (every action allowed), or <see cref="ActionCount"/> flags with at least one <see langword="true"/>.</param>
    /// <param name="explore"><see langword="true"/> for the ε-greedy policy; <see langword="false"/> for the greedy one.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException"><paramref name="state"/> is out of range, or the mask has the wrong length or allows nothing.</exception>
    public Decision Decide(int state, ReadOnlySpan<bool> allowedActions, bool explore = true)
    {
        RequireState(state, nameof(state));
        RequireMask(allowedActions, nameof(allowedActions));
        return Decide(state, allowedActions, Span<double>.Empty, explore);
    }

    /// <summary>
    /// Writes the ε-greedy distribution of the next decision in <paramref name="state"/> over every action:
    /// <c>ε/K + (1 − ε)/|G|</c> for an action of highest value (G the tied best), <c>ε/K</c> for the others; with
    /// <paramref name="explore"/> false, <c>1/|G|</c> on the best. Uses no randomness and changes no counter.
    /// </summary>
    /// <param name="state">The state, in [0, <see cref="StateCount"/>).</param>
    /// <param name="probabilities">At least <see cref="ActionCount"/> long; entries past it are left unchanged.</param>
    /// <param name="explore"><see langword="true"/> for the ε-greedy policy (ε is <see cref="CurrentEpsilon"/>); <see langword="false"/> for the greedy one.</param>
    /// <exception cref="ArgumentException">The state is out of range or the buffer is too short.</exception>
    public void GetProbabilities(int state, Span<double> probabilities, bool explore = true)
    {
        RequireState(state, nameof(state));
        RequireProbabilities(probabilities.Length, allowEmpty: false, nameof(probabilities));
        lock (_gate)
        {
            Selection.FillEpsilonGreedy(_allActions, Row(state), explore ? EpsilonAt(DecisionCount) : 0, probabilities);
        }
    }

    /// <inheritdoc />
    int IPolicy.FeatureCount => 1;

    /// <inheritdoc />
    Decision IPolicy.Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore)
    {
        int state = StateOf(features, nameof(features));
        RequireProbabilities(probabilities.Length, allowEmpty: true, nameof(probabilities));
        return Decide(state, ReadOnlySpan<bool>.Empty, probabilities, explore);
    }

    /// <inheritdoc />
    void IPolicy.GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore)
        => GetProbabilities(StateOf(features, nameof(features)), probabilities, explore);

    private Decision Decide(int state, ReadOnlySpan<bool> allowedActions, Span<double> probabilities, bool explore)
    {
        lock (_gate)
        {
            ReadOnlySpan<int> active = _allActions;
            if (!allowedActions.IsEmpty)
            {
                int count = 0;
                for (int a = 0; a < allowedActions.Length; a++)
                {
                    if (allowedActions[a])
                    {
                        _allowed[count++] = a;
                    }
                }

                active = _allowed.AsSpan(0, count);
            }

            Random random = _stream.Begin(out long sequence, out ulong seed);
            ReadOnlySpan<double> row = Row(state);
            double epsilon = explore ? EpsilonAt(sequence - 1) : 0;
            int action = Selection.EpsilonGreedy(active, row, epsilon, random, out double propensity, out bool explored);
            if (!probabilities.IsEmpty)
            {
                probabilities[..ActionCount].Clear();
                Selection.FillEpsilonGreedy(active, row, epsilon, probabilities);
            }

            _stream.Complete(sequence);
            AgentMetrics.Decided(this);
            return new Decision(action, propensity, row[action], explored, sequence, seed);
        }
    }

    /// <summary>Returns the action value Q(<paramref name="state"/>, <paramref name="action"/>).</summary>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <param name="action">An action, in [0, <see cref="ActionCount"/>).</param>
    /// <returns>The current estimate.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state or action is out of range.</exception>
    public double GetQ(int state, int action)
    {
        RequireState(state, nameof(state));
        RequireAction(action, nameof(action));
        lock (_gate)
        {
            return _q[(state * ActionCount) + action];
        }
    }

    /// <summary>Copies the action values of <paramref name="state"/> into <paramref name="destination"/>. Allocation-free.</summary>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <param name="destination">At least <see cref="ActionCount"/> long.</param>
    /// <exception cref="ArgumentException">The state is out of range or the buffer is too short.</exception>
    public void GetQValues(int state, Span<double> destination)
    {
        RequireState(state, nameof(state));
        if (destination.Length < ActionCount)
        {
            throw new ArgumentException($"The buffer needs {ActionCount} entries (ActionCount), it has {destination.Length}.", nameof(destination));
        }

        lock (_gate)
        {
            Row(state).CopyTo(destination);
        }
    }

    /// <summary>
    /// Returns the greedy policy: for every state, the action of highest value, the lowest index among ties
    /// (deterministic, so that an exported policy does not depend on a random draw).
    /// </summary>
    /// <returns>One action per state.</returns>
    public int[] GetGreedyPolicy()
    {
        var policy = new int[StateCount];
        lock (_gate)
        {
            for (int s = 0; s < StateCount; s++)
            {
                ReadOnlySpan<double> row = Row(s);
                int best = 0;
                for (int a = 1; a < row.Length; a++)
                {
                    if (row[a] > row[best])
                    {
                        best = a;
                    }
                }

                policy[s] = best;
            }
        }

        return policy;
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_gate)
        {
            _stream.Write(writer);
            writer.WriteInt32(StateCount);
            writer.WriteInt32(ActionCount);
            writer.WriteDoubles(_q);
        }
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (version != SnapshotVersion)
        {
            throw new SnapshotException($"Payload version {version} is not supported; this agent reads version {SnapshotVersion}.");
        }

        Action commitStream = _stream.Read(reader);
        int states = reader.ReadInt32();
        int actions = reader.ReadInt32();
        if (states != StateCount || actions != ActionCount)
        {
            throw new SnapshotException($"The snapshot holds a {states} × {actions} table; this agent has {StateCount} states × {ActionCount} actions.");
        }

        double[] q = reader.ReadDoubles(StateCount * ActionCount, "the action values");
        if (q.Any(v => !double.IsFinite(v)))
        {
            throw new SnapshotException("An action value in the snapshot is not finite.");
        }

        reader.EnsureEnd();
        lock (_gate)
        {
            commitStream();
            _q = q;
        }
    }

    /// <summary>Throws unless <paramref name="state"/> is in [0, <see cref="StateCount"/>).</summary>
    private protected void RequireState(int state, string paramName)
    {
        if ((uint)state >= (uint)StateCount)
        {
            throw new ArgumentOutOfRangeException(paramName, state, $"{paramName} must be in [0, {StateCount}), was {state}.");
        }
    }

    /// <summary>Throws unless <paramref name="action"/> is in [0, <see cref="ActionCount"/>).</summary>
    private protected void RequireAction(int action, string paramName)
    {
        if ((uint)action >= (uint)ActionCount)
        {
            throw new ArgumentOutOfRangeException(paramName, action, $"{paramName} must be in [0, {ActionCount}), was {action}.");
        }
    }

    /// <summary>Throws unless <paramref name="mask"/> is empty or has <see cref="ActionCount"/> entries with at least one <see langword="true"/>.</summary>
    private protected void RequireMask(ReadOnlySpan<bool> mask, string paramName)
    {
        if (mask.IsEmpty)
        {
            return;
        }

        if (mask.Length != ActionCount)
        {
            throw new ArgumentException($"The mask needs {ActionCount} entries (ActionCount), it has {mask.Length}.", paramName);
        }

        if (!mask.Contains(true))
        {
            throw new ArgumentException("The mask allows no action; at least one entry must be true.", paramName);
        }
    }

    /// <summary>Throws unless a probabilities buffer has <see cref="ActionCount"/> entries or more (or is empty, when allowed).</summary>
    private void RequireProbabilities(int length, bool allowEmpty, string paramName)
    {
        if ((length != 0 || !allowEmpty) && length < ActionCount)
        {
            throw new ArgumentException($"The probabilities buffer needs {ActionCount} entries (ActionCount), it has {length}.", paramName);
        }
    }

    /// <summary>The state index carried by the policy contract's one feature: integral and in [0, <see cref="StateCount"/>).</summary>
    private int StateOf(ReadOnlySpan<float> features, string paramName)
    {
        if (features.Length != 1)
        {
            throw new ArgumentException($"{paramName} must have 1 value (FeatureCount; the state index), it has {features.Length}.", paramName);
        }

        float value = features[0];
        if (!float.IsFinite(value) || value != MathF.Floor(value) || value < 0 || value >= StateCount)
        {
            throw new ArgumentOutOfRangeException(paramName, value, string.Create(CultureInfo.InvariantCulture, $"{paramName}[0] is the state index and must be an integer in [0, {StateCount}), was {value}."));
        }

        return (int)value;
    }

    /// <summary>Throws unless <paramref name="reward"/> is within <see cref="NumericDomain"/> (±1e15), which keeps every Q finite.</summary>
    private protected static void RequireReward(double reward, string paramName) => NumericDomain.RequireReward(reward, paramName);

    /// <summary>
    /// Validates (state, action, reward, next state), then under the lock moves Q(s, a) toward the target
    /// <c>r + γ·<see cref="Bootstrap"/>(Q(s′, ·), a′)</c> (just <c>r</c> when <paramref name="terminal"/>):
    /// <c>Q(s, a) ← Q(s, a) + α [target − Q(s, a)]</c> (Sutton &amp; Barto 2018, eq. 6.7 and 6.8).
    /// The caller validates <paramref name="nextAction"/> and <paramref name="nextAllowed"/> when it uses them.
    /// </summary>
    private protected void Apply(int state, int action, double reward, int nextState, int nextAction, ReadOnlySpan<bool> nextAllowed, bool terminal)
    {
        RequireState(state, nameof(state));
        RequireAction(action, nameof(action));
        RequireReward(reward, nameof(reward));
        RequireState(nextState, nameof(nextState));
        lock (_gate)
        {
            double target = terminal ? reward : reward + (DiscountFactor * Bootstrap(Row(nextState), nextAction, nextAllowed));
            ref double q = ref _q[(state * ActionCount) + action];
            q += LearningRate * (target - q);
            _stream.CountUpdate();
            AgentMetrics.Updated(this);
        }
    }

    /// <summary>The value of the next state that the update bootstraps from, given its action values.</summary>
    /// <param name="nextValues">Q(s′, ·).</param>
    /// <param name="nextAction">The next action (SARSA), or −1 when the algorithm does not use one.</param>
    /// <param name="nextAllowed">The actions allowed in s′ (empty: all), for algorithms that look over several.</param>
    private protected abstract double Bootstrap(ReadOnlySpan<double> nextValues, int nextAction, ReadOnlySpan<bool> nextAllowed);

    private double EpsilonAt(long decisionsBefore)
        => _epsilonSchedule is { } schedule ? Math.Clamp(schedule.ValueAt(decisionsBefore), 0, 1) : Epsilon;

    private Span<double> Row(int state) => _q.AsSpan(state * ActionCount, ActionCount);
}
