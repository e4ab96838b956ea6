using RlCommons.Snapshots;

namespace RlCommons.Buffers;

/// <summary>
/// A fixed-capacity ring buffer of transitions (observation, action, reward, next observation, terminated,
/// truncated) for off-policy learners such as DQN (Mnih et al. 2015), sampled uniformly with replacement as
/// SB3's <c>ReplayBuffer</c> does. When full, each new transition overwrites the oldest one.
/// </summary>
/// <remarks>
/// <para>
/// Storage is struct-of-arrays, allocated once: observations and next observations each live in one flat
/// <see cref="float"/> array of <c>capacity × observationDimension</c> values. <see cref="Add(ReadOnlySpan{float}, int, float, ReadOnlySpan{float}, bool, bool)"/>
/// and <see cref="Sample"/> allocate nothing.
/// </para>
/// <para>
/// Terminated and truncated are stored separately (Gymnasium's API) so a learner can bootstrap through a time
/// limit: the TD target uses <c>1 − terminated</c>, not <c>1 − (terminated ∨ truncated)</c>.
/// </para>
/// <para>Not thread-safe: an agent that shares a buffer between threads must lock around it.</para>
/// </remarks>
public sealed class ReplayBuffer : ISnapshotable
{
    private float[] _observations;
    private float[] _nextObservations;
    private int[] _actions;
    private float[] _continuousActions;
    private float[] _rewards;
    private bool[] _terminated;
    private bool[] _truncated;
    private int _count;
    private int _next;
    private long _totalAdded;

    /// <summary>Creates an empty buffer for transitions with discrete (integer) actions.</summary>
    /// <param name="capacity">The number of transitions kept; at least 1.</param>
    /// <param name="observationDimension">The observation length; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public ReplayBuffer(int capacity, int observationDimension)
        : this(capacity, observationDimension, 0, continuous: false)
    {
    }

    /// <summary>Creates an empty buffer for transitions with continuous (vector) actions.</summary>
    /// <param name="capacity">The number of transitions kept; at least 1.</param>
    /// <param name="observationDimension">The observation length; at least 1.</param>
    /// <param name="actionDimension">The action vector length; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public ReplayBuffer(int capacity, int observationDimension, int actionDimension)
        : this(capacity, observationDimension, actionDimension, continuous: true)
    {
    }

    private ReplayBuffer(int capacity, int observationDimension, int actionDimension, bool continuous)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationDimension, 1);
        if (continuous)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(actionDimension, 1);
        }

        Capacity = capacity;
        ObservationDimension = observationDimension;
        ActionDimension = actionDimension;
        int length = checked(capacity * observationDimension);
        _ = checked(capacity * actionDimension);
        _observations = new float[length];
        _nextObservations = new float[length];
        _actions = continuous ? [] : new int[capacity];
        _continuousActions = new float[capacity * actionDimension];
        _rewards = new float[capacity];
        _terminated = new bool[capacity];
        _truncated = new bool[capacity];
    }

    /// <summary>The number of transitions the buffer keeps.</summary>
    public int Capacity { get; }

    /// <summary>The number of transitions stored, at most <see cref="Capacity"/>.</summary>
    public int Count => _count;

    /// <summary>The observation length.</summary>
    public int ObservationDimension { get; }

    /// <summary>0 for discrete actions, otherwise the continuous action length.</summary>
    public int ActionDimension { get; }

    /// <summary>Whether actions are continuous vectors (otherwise integers).</summary>
    public bool IsContinuous => ActionDimension > 0;

    /// <summary>The slot the next <c>Add</c> writes: the oldest transition once the buffer is full.</summary>
    public int NextIndex => _next;

    /// <summary>The number of transitions added since creation, including overwritten ones.</summary>
    public long TotalAdded => _totalAdded;

    /// <inheritdoc />
    public string SnapshotType => "RlCommons.ReplayBuffer";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>Creates a batch sized for this buffer.</summary>
    /// <param name="capacity">The largest batch size; at least 1.</param>
    /// <returns>A new batch to reuse across <see cref="Sample"/> calls.</returns>
    public ReplayBatch CreateBatch(int capacity) => new(capacity, ObservationDimension, ActionDimension);

    /// <summary>Stores a transition with a discrete action, overwriting the oldest one when full.</summary>
    /// <param name="observation">Exactly <see cref="ObservationDimension"/> finite values.</param>
    /// <param name="action">The action taken; non-negative.</param>
    /// <param name="reward">The reward received; finite.</param>
    /// <param name="nextObservation">Exactly <see cref="ObservationDimension"/> finite values.</param>
    /// <param name="terminated">Whether the episode reached a terminal state.</param>
    /// <param name="truncated">Whether the episode was cut off (for example by a time limit).</param>
    /// <returns>The slot the transition was written to.</returns>
    /// <exception cref="InvalidOperationException">The buffer holds continuous actions.</exception>
    /// <exception cref="ArgumentException">An argument is invalid; nothing is stored.</exception>
    public int Add(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation, bool terminated, bool truncated)
    {
        if (IsContinuous)
        {
            throw new InvalidOperationException($"This buffer stores continuous actions of length {ActionDimension}; pass the action as a vector.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(action);
        Validate(observation, reward, nextObservation);
        _actions[_next] = action;
        return Store(observation, reward, nextObservation, terminated, truncated);
    }

    /// <summary>Stores a transition with a continuous action, overwriting the oldest one when full.</summary>
    /// <param name="observation">Exactly <see cref="ObservationDimension"/> finite values.</param>
    /// <param name="action">Exactly <see cref="ActionDimension"/> finite values.</param>
    /// <param name="reward">The reward received; finite.</param>
    /// <param name="nextObservation">Exactly <see cref="ObservationDimension"/> finite values.</param>
    /// <param name="terminated">Whether the episode reached a terminal state.</param>
    /// <param name="truncated">Whether the episode was cut off (for example by a time limit).</param>
    /// <returns>The slot the transition was written to.</returns>
    /// <exception cref="InvalidOperationException">The buffer holds discrete actions.</exception>
    /// <exception cref="ArgumentException">An argument is invalid; nothing is stored.</exception>
    public int Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> nextObservation, bool terminated, bool truncated)
    {
        if (!IsContinuous)
        {
            throw new InvalidOperationException("This buffer stores discrete actions; pass the action as an integer.");
        }

        RequireFinite(action, ActionDimension, nameof(action));
        Validate(observation, reward, nextObservation);
        action.CopyTo(_continuousActions.AsSpan(_next * ActionDimension, ActionDimension));
        return Store(observation, reward, nextObservation, terminated, truncated);
    }

    /// <summary>
    /// Draws <paramref name="batchSize"/> transitions uniformly with replacement into <paramref name="batch"/>
    /// (weights all 1). Allocation-free.
    /// </summary>
    /// <param name="batchSize">The number of transitions; 1 to <see cref="Count"/> and at most the batch capacity.</param>
    /// <param name="random">The random source (a seeded <see cref="Randomness.Xoshiro256Random"/> for reproducible runs); one <c>Next</c> per transition.</param>
    /// <param name="batch">A batch created for this buffer's dimensions.</param>
    /// <exception cref="ArgumentException">The batch does not fit, or the batch size is out of range.</exception>
    public void Sample(int batchSize, Random random, ReplayBatch batch)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckBatch(batchSize, batch);
        int[] indices = batch.IndexStorage;
        for (int i = 0; i < batchSize; i++)
        {
            indices[i] = random.Next(_count);
        }

        batch.WeightStorage.AsSpan(0, batchSize).Fill(1f);
        batch.SetCount(batchSize);
        Gather(batch);
    }

    /// <summary>Copies the transitions at <paramref name="indices"/> into <paramref name="batch"/> (weights all 1), for example to read back particular slots.</summary>
    /// <param name="indices">Slots in [0, <see cref="Count"/>), repeats allowed; between 1 and the batch capacity of them.</param>
    /// <param name="batch">A batch created for this buffer's dimensions.</param>
    /// <exception cref="ArgumentException">The batch does not fit, there are too few or too many indices, or an index is out of range.</exception>
    public void Gather(ReadOnlySpan<int> indices, ReplayBatch batch)
    {
        CheckShape(batch);
        if (indices.Length < 1 || indices.Length > batch.Capacity)
        {
            throw new ArgumentException($"Expected 1 to {batch.Capacity} indices (the batch capacity), got {indices.Length}.", nameof(indices));
        }

        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)_count)
            {
                throw new ArgumentException($"indices[{i}] is {indices[i]}; every index must be in [0, {_count}).", nameof(indices));
            }
        }

        indices.CopyTo(batch.IndexStorage);
        batch.WeightStorage.AsSpan(0, indices.Length).Fill(1f);
        batch.SetCount(indices.Length);
        Gather(batch);
    }

    /// <summary>Removes every transition; the capacity and dimensions stay.</summary>
    public void Clear()
    {
        _count = 0;
        _next = 0;
        _totalAdded = 0;
        Array.Clear(_observations);
        Array.Clear(_nextObservations);
        Array.Clear(_actions);
        Array.Clear(_continuousActions);
        Array.Clear(_rewards);
        Array.Clear(_terminated);
        Array.Clear(_truncated);
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(Capacity);
        writer.WriteInt32(ObservationDimension);
        writer.WriteInt32(ActionDimension);
        writer.WriteInt32(_count);
        writer.WriteInt32(_next);
        writer.WriteInt64(_totalAdded);

        // Only the filled slots: the rest are zero and are recreated as zero on load.
        int rows = _count * ObservationDimension;
        writer.WriteSingles(_observations.AsSpan(0, rows));
        writer.WriteSingles(_nextObservations.AsSpan(0, rows));
        writer.WriteInt32s(_actions.AsSpan(0, IsContinuous ? 0 : _count));
        writer.WriteSingles(_continuousActions.AsSpan(0, _count * ActionDimension));
        writer.WriteSingles(_rewards.AsSpan(0, _count));
        writer.WriteBytes(ToBytes(_terminated.AsSpan(0, _count)));
        writer.WriteBytes(ToBytes(_truncated.AsSpan(0, _count)));
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        State state = ReadState(reader);
        reader.EnsureEnd();
        Apply(state);
    }

    // Parses and validates a payload without touching the live state (used by PrioritizedReplayBuffer too).
    internal State ReadState(SnapshotReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int capacity = reader.ReadInt32();
        int observationDimension = reader.ReadInt32();
        int actionDimension = reader.ReadInt32();
        if (capacity != Capacity || observationDimension != ObservationDimension || actionDimension != ActionDimension)
        {
            throw new SnapshotException(
                $"The snapshot's buffer has capacity {capacity}, observation dimension {observationDimension} and action dimension {actionDimension}; " +
                $"this one has {Capacity}, {ObservationDimension} and {ActionDimension}.");
        }

        int count = reader.ReadInt32();
        int next = reader.ReadInt32();
        long totalAdded = reader.ReadInt64();
        // A ring fills slots 0, 1, ... in order, so until it is full the next slot is the count.
        bool consistent = count >= 0 && count <= capacity && next >= 0 && next < capacity && totalAdded >= count
            && (count == capacity ? next == totalAdded % capacity : next == count && totalAdded == count);
        if (!consistent)
        {
            throw new SnapshotException($"The snapshot's buffer position is inconsistent (count {count}, next {next}, total {totalAdded}, capacity {capacity}).");
        }

        var state = new State
        {
            Count = count,
            Next = next,
            TotalAdded = totalAdded,
            Observations = Expand(reader.ReadSingles(), count * observationDimension, capacity * observationDimension, "observations"),
            NextObservations = Expand(reader.ReadSingles(), count * observationDimension, capacity * observationDimension, "next observations"),
            Actions = Expand(reader.ReadInt32s(), IsContinuous ? 0 : count, IsContinuous ? 0 : capacity, "actions"),
            ContinuousActions = Expand(reader.ReadSingles(), count * actionDimension, capacity * actionDimension, "continuous actions"),
            Rewards = Expand(reader.ReadSingles(), count, capacity, "rewards"),
            Terminated = Expand(FromBytes(reader.ReadBytes()), count, capacity, "terminated flags"),
            Truncated = Expand(FromBytes(reader.ReadBytes()), count, capacity, "truncated flags"),
        };
        if (!AllFinite(state.Observations) || !AllFinite(state.NextObservations) || !AllFinite(state.ContinuousActions) || !AllFinite(state.Rewards)
            || state.Actions.Any(a => a < 0))
        {
            throw new SnapshotException("The snapshot's buffer holds a non-finite value or a negative action.");
        }

        return state;
    }

    internal void Apply(State state)
    {
        _count = state.Count;
        _next = state.Next;
        _totalAdded = state.TotalAdded;
        _observations = state.Observations;
        _nextObservations = state.NextObservations;
        _actions = state.Actions;
        _continuousActions = state.ContinuousActions;
        _rewards = state.Rewards;
        _terminated = state.Terminated;
        _truncated = state.Truncated;
    }

    internal void CheckBatch(int batchSize, ReplayBatch batch)
    {
        CheckShape(batch);
        if (_count == 0)
        {
            throw new InvalidOperationException("The buffer is empty; add transitions before sampling.");
        }

        if (batchSize < 1 || batchSize > _count || batchSize > batch.Capacity)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batchSize),
                batchSize,
                $"batchSize must be between 1 and the number of stored transitions ({_count}) and at most the batch capacity ({batch.Capacity}).");
        }
    }

    private void CheckShape(ReplayBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.ObservationDimension != ObservationDimension || batch.ActionDimension != ActionDimension)
        {
            throw new ArgumentException(
                $"The batch has observation dimension {batch.ObservationDimension} and action dimension {batch.ActionDimension}; " +
                $"the buffer has {ObservationDimension} and {ActionDimension}.",
                nameof(batch));
        }
    }

    // Copies the rows named by batch.Indices[..batch.Count] into the batch.
    internal void Gather(ReplayBatch batch)
    {
        int n = batch.Count, d = ObservationDimension, a = ActionDimension;
        int[] indices = batch.IndexStorage;
        for (int i = 0; i < n; i++)
        {
            int slot = indices[i];
            _observations.AsSpan(slot * d, d).CopyTo(batch.ObservationStorage.AsSpan(i * d, d));
            _nextObservations.AsSpan(slot * d, d).CopyTo(batch.NextObservationStorage.AsSpan(i * d, d));
            if (a == 0)
            {
                batch.ActionStorage[i] = _actions[slot];
            }
            else
            {
                _continuousActions.AsSpan(slot * a, a).CopyTo(batch.ContinuousActionStorage.AsSpan(i * a, a));
            }

            batch.RewardStorage[i] = _rewards[slot];
            batch.TerminatedStorage[i] = _terminated[slot];
            batch.TruncatedStorage[i] = _truncated[slot];
        }
    }

    private void Validate(ReadOnlySpan<float> observation, float reward, ReadOnlySpan<float> nextObservation)
    {
        RequireFinite(observation, ObservationDimension, nameof(observation));
        RequireFinite(nextObservation, ObservationDimension, nameof(nextObservation));
        if (!float.IsFinite(reward))
        {
            throw new ArgumentOutOfRangeException(nameof(reward), reward, "reward must be finite.");
        }
    }

    private int Store(ReadOnlySpan<float> observation, float reward, ReadOnlySpan<float> nextObservation, bool terminated, bool truncated)
    {
        int slot = _next;
        int d = ObservationDimension;
        observation.CopyTo(_observations.AsSpan(slot * d, d));
        nextObservation.CopyTo(_nextObservations.AsSpan(slot * d, d));
        _rewards[slot] = reward;
        _terminated[slot] = terminated;
        _truncated[slot] = truncated;
        _next = slot + 1 == Capacity ? 0 : slot + 1;
        _count = Math.Min(_count + 1, Capacity);
        _totalAdded++;
        return slot;
    }

    private static void RequireFinite(ReadOnlySpan<float> values, int length, string paramName)
    {
        if (values.Length != length)
        {
            throw new ArgumentException($"Expected {length} values, got {values.Length}.", paramName);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"{paramName}[{i}] is {values[i]}; every value must be finite.", paramName);
            }
        }
    }

    private static byte[] ToBytes(ReadOnlySpan<bool> flags)
    {
        var bytes = new byte[flags.Length];
        for (int i = 0; i < flags.Length; i++)
        {
            bytes[i] = flags[i] ? (byte)1 : (byte)0;
        }

        return bytes;
    }

    private static bool[] FromBytes(byte[] bytes)
    {
        var flags = new bool[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            flags[i] = bytes[i] switch
            {
                0 => false,
                1 => true,
                _ => throw new SnapshotException($"Expected a boolean (0 or 1) in the buffer's flags, found {bytes[i]}."),
            };
        }

        return flags;
    }

    private static T[] Expand<T>(T[] values, int expected, int capacity, string what)
    {
        if (values.Length != expected)
        {
            throw new SnapshotException($"Expected {expected} values for the buffer's {what}, the snapshot has {values.Length}.");
        }

        var full = new T[capacity];
        values.CopyTo(full, 0);
        return full;
    }

    private static bool AllFinite(float[] values) => Array.TrueForAll(values, float.IsFinite);

    // The parsed contents of a snapshot, applied only once everything has been validated.
    internal sealed class State
    {
        public required int Count { get; init; }

        public required int Next { get; init; }

        public required long TotalAdded { get; init; }

        public required float[] Observations { get; init; }

        public required float[] NextObservations { get; init; }

        public required int[] Actions { get; init; }

        public required float[] ContinuousActions { get; init; }

        public required float[] Rewards { get; init; }

        public required bool[] Terminated { get; init; }

        public required bool[] Truncated { get; init; }
    }
}
