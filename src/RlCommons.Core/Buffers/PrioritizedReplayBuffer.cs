using RlCommons.Snapshots;

namespace RlCommons.Buffers;

/// <summary>
/// Proportional prioritized experience replay (Schaul, Quan, Antonoglou &amp; Silver 2016, "Prioritized
/// Experience Replay", ICLR): a <see cref="ReplayBuffer"/> whose transitions are drawn with probability
/// <c>P(i) = p_iᵅ / Σ_k p_kᵅ</c>, where <c>p_i = |δ_i| + ε</c> is the last TD error magnitude reported for
/// transition <c>i</c>, with importance-sampling weights <c>w_i = (N·P(i))^−β / max_j w_j</c>.
/// </summary>
/// <remarks>
/// <para>
/// New transitions get the largest priority seen so far (1 at the start), so each is replayed at least
/// about as often as the most surprising one until its first TD error is known. Sampling is stratified as in
/// the paper: the total priority is cut into <c>batchSize</c> equal segments and one transition is drawn
/// from each. The maximum weight is taken over the whole buffer (from the smallest priority, kept in a min
/// tree), as in the paper and the OpenAI Baselines implementation, so weights are at most 1.
/// </para>
/// <para>
/// β is passed to every <see cref="Sample"/> call: anneal it from about 0.4 to 1 over training with a
/// schedule of your own, for example <c>Schedule.Linear(0.4, 1.0, steps)</c>.
/// </para>
/// <para>Sampling and updates cost O(batchSize · log capacity) and allocate nothing. Not thread-safe.</para>
/// </remarks>
public sealed class PrioritizedReplayBuffer : ISnapshotable
{
    private readonly ReplayBuffer _buffer;
    private readonly SumTree _sum;
    private readonly MinTree _min;
    private readonly double[] _priorities;
    private readonly double _epsilon = 1e-6;
    private double _maxPriority = 1.0;

    /// <summary>Creates an empty prioritized buffer for transitions with discrete (integer) actions.</summary>
    /// <param name="capacity">The number of transitions kept; at least 1.</param>
    /// <param name="observationDimension">The observation length; at least 1.</param>
    /// <param name="alpha">The prioritization exponent α in [0, 1]: 0 is uniform, 1 fully proportional. The paper uses 0.6 (proportional variant).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public PrioritizedReplayBuffer(int capacity, int observationDimension, double alpha)
        : this(new ReplayBuffer(capacity, observationDimension), alpha)
    {
    }

    /// <summary>Creates an empty prioritized buffer for transitions with continuous (vector) actions.</summary>
    /// <param name="capacity">The number of transitions kept; at least 1.</param>
    /// <param name="observationDimension">The observation length; at least 1.</param>
    /// <param name="actionDimension">The action vector length; at least 1.</param>
    /// <param name="alpha">The prioritization exponent α in [0, 1]: 0 is uniform, 1 fully proportional. The paper uses 0.6 (proportional variant).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public PrioritizedReplayBuffer(int capacity, int observationDimension, int actionDimension, double alpha)
        : this(new ReplayBuffer(capacity, observationDimension, actionDimension), alpha)
    {
    }

    private PrioritizedReplayBuffer(ReplayBuffer buffer, double alpha)
    {
        if (!(alpha is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1].");
        }

        _buffer = buffer;
        Alpha = alpha;
        _sum = new SumTree(buffer.Capacity);
        _min = new MinTree(buffer.Capacity);
        _priorities = new double[buffer.Capacity];
    }

    /// <summary>The prioritization exponent α.</summary>
    public double Alpha { get; }

    /// <summary>The ε added to every |TD error| so no transition gets zero probability.</summary>
    /// <value>Positive and finite. The default is 1e-6 (as in common implementations; the paper leaves it unspecified).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public double PriorityEpsilon
    {
        get => _epsilon;
        init
        {
            if (!(value > 0) || double.IsPositiveInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(PriorityEpsilon), value, "PriorityEpsilon must be positive and finite.");
            }

            _epsilon = value;
        }
    }

    /// <summary>The largest priority <c>|δ| + ε</c> seen so far (1 before any update): the priority new transitions get.</summary>
    public double MaxPriority => _maxPriority;

    /// <summary>The number of transitions the buffer keeps.</summary>
    public int Capacity => _buffer.Capacity;

    /// <summary>The number of transitions stored, at most <see cref="Capacity"/>.</summary>
    public int Count => _buffer.Count;

    /// <summary>The observation length.</summary>
    public int ObservationDimension => _buffer.ObservationDimension;

    /// <summary>0 for discrete actions, otherwise the continuous action length.</summary>
    public int ActionDimension => _buffer.ActionDimension;

    /// <summary>Whether actions are continuous vectors (otherwise integers).</summary>
    public bool IsContinuous => _buffer.IsContinuous;

    /// <summary>The slot the next <c>Add</c> writes: the oldest transition once the buffer is full.</summary>
    public int NextIndex => _buffer.NextIndex;

    /// <summary>The number of transitions added since creation, including overwritten ones.</summary>
    public long TotalAdded => _buffer.TotalAdded;

    /// <inheritdoc />
    public string SnapshotType => "RlCommons.PrioritizedReplayBuffer";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>Creates a batch sized for this buffer.</summary>
    /// <param name="capacity">The largest batch size; at least 1.</param>
    /// <returns>A new batch to reuse across <see cref="Sample"/> calls.</returns>
    public ReplayBatch CreateBatch(int capacity) => _buffer.CreateBatch(capacity);

    /// <summary>Stores a transition with a discrete action at the maximum priority, overwriting the oldest one when full.</summary>
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
        => SetMaxPriority(_buffer.Add(observation, action, reward, nextObservation, terminated, truncated));

    /// <summary>Stores a transition with a continuous action at the maximum priority, overwriting the oldest one when full.</summary>
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
        => SetMaxPriority(_buffer.Add(observation, action, reward, nextObservation, terminated, truncated));

    /// <summary>The priority <c>p_i = |δ_i| + ε</c> of slot <paramref name="index"/> (before the exponent α).</summary>
    /// <param name="index">A slot in [0, <see cref="Count"/>).</param>
    /// <returns>The priority.</returns>
    public double GetPriority(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _priorities[index];
    }

    /// <summary>
    /// Draws <paramref name="batchSize"/> transitions by stratified proportional sampling into
    /// <paramref name="batch"/>, with their slots in <see cref="ReplayBatch.Indices"/> and their
    /// importance-sampling weights in <see cref="ReplayBatch.Weights"/>. Allocation-free.
    /// </summary>
    /// <param name="batchSize">The number of transitions; 1 to <see cref="Count"/> and at most the batch capacity.</param>
    /// <param name="beta">The importance-sampling exponent β in [0, 1]: 0 gives weights of 1, 1 fully corrects the sampling bias.</param>
    /// <param name="random">The random source (a seeded <see cref="Randomness.Xoshiro256Random"/> for reproducible runs); one <c>NextDouble</c> per transition.</param>
    /// <param name="batch">A batch created for this buffer's dimensions.</param>
    /// <exception cref="ArgumentException">The batch does not fit, or an argument is out of range.</exception>
    public void Sample(int batchSize, double beta, Random random, ReplayBatch batch)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(beta is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be in [0, 1].");
        }

        _buffer.CheckBatch(batchSize, batch);
        int[] indices = batch.IndexStorage;
        float[] weights = batch.WeightStorage;
        double segment = _sum.Total / batchSize;
        double minimum = _min.Min;
        for (int i = 0; i < batchSize; i++)
        {
            // One draw from each of batchSize equal slices of the total priority (paper, Appendix B.2.1).
            int index = _sum.FindPrefixSum((i + random.NextDouble()) * segment);
            indices[i] = index;

            // w_i / max_j w_j = (N·P(i))^−β / (N·P_min)^−β = (p_iᵅ / p_minᵅ)^−β: N and the total cancel.
            weights[i] = (float)Math.Pow(_sum[index] / minimum, -beta);
        }

        batch.SetCount(batchSize);
        _buffer.Gather(batch);
    }

    /// <summary>
    /// Sets the priority of each slot in <paramref name="indices"/> to <c>|δ| + ε</c> from the matching TD error,
    /// all or nothing. Pass the <see cref="ReplayBatch.Indices"/> of the sampled batch and the TD errors computed for it.
    /// </summary>
    /// <param name="indices">Slots in [0, <see cref="Count"/>); a slot listed twice keeps its last error.</param>
    /// <param name="tdErrors">One finite TD error per index.</param>
    /// <exception cref="ArgumentException">The lengths differ, an index is out of range, or an error is not finite; nothing is changed.</exception>
    public void UpdatePriorities(ReadOnlySpan<int> indices, ReadOnlySpan<float> tdErrors)
    {
        if (indices.Length != tdErrors.Length)
        {
            throw new ArgumentException($"Expected one TD error per index ({indices.Length}), got {tdErrors.Length}.", nameof(tdErrors));
        }

        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)Count)
            {
                throw new ArgumentException($"indices[{i}] is {indices[i]}; every index must be in [0, {Count}).", nameof(indices));
            }

            if (!float.IsFinite(tdErrors[i]))
            {
                throw new ArgumentException($"tdErrors[{i}] is {tdErrors[i]}; every TD error must be finite.", nameof(tdErrors));
            }
        }

        for (int i = 0; i < indices.Length; i++)
        {
            double priority = Math.Abs((double)tdErrors[i]) + _epsilon;
            SetPriority(indices[i], priority);
            _maxPriority = Math.Max(_maxPriority, priority);
        }
    }

    /// <summary>Removes every transition and resets the maximum priority to 1; the configuration stays.</summary>
    public void Clear()
    {
        _buffer.Clear();
        _sum.Clear();
        _min.Clear();
        Array.Clear(_priorities);
        _maxPriority = 1.0;
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _buffer.WriteSnapshot(writer);
        writer.WriteDouble(Alpha);
        writer.WriteDouble(_epsilon);
        writer.WriteDouble(_maxPriority);
        writer.WriteDoubles(_priorities.AsSpan(0, Count));

        // The powered leaves too: Math.Pow may round differently on another platform, and a restore must be exact.
        var leaves = new double[Count];
        for (int i = 0; i < leaves.Length; i++)
        {
            leaves[i] = _sum[i];
        }

        writer.WriteDoubles(leaves);
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ReplayBuffer.State state = _buffer.ReadState(reader);
        double alpha = reader.ReadDouble();
        double epsilon = reader.ReadDouble();
        if (BitConverter.DoubleToInt64Bits(alpha) != BitConverter.DoubleToInt64Bits(Alpha)
            || BitConverter.DoubleToInt64Bits(epsilon) != BitConverter.DoubleToInt64Bits(_epsilon))
        {
            throw new SnapshotException($"The snapshot's buffer has alpha {alpha} and epsilon {epsilon}; this one has {Alpha} and {_epsilon}.");
        }

        double maxPriority = reader.ReadDouble();
        double[] priorities = reader.ReadDoubles(state.Count, "the priorities");
        double[] leaves = reader.ReadDoubles(state.Count, "the powered priorities");
        if (!(maxPriority >= 1) || double.IsPositiveInfinity(maxPriority)
            || priorities.Any(p => !(p >= epsilon) || p > maxPriority) || leaves.Any(l => !(l > 0) || double.IsPositiveInfinity(l)))
        {
            throw new SnapshotException("The snapshot's priorities are invalid (below epsilon, above the maximum, or not positive and finite).");
        }

        reader.EnsureEnd();

        _buffer.Apply(state);
        _sum.Clear();
        _min.Clear();
        Array.Clear(_priorities);
        priorities.CopyTo(_priorities, 0);
        for (int i = 0; i < leaves.Length; i++)
        {
            _sum[i] = leaves[i];
            _min[i] = leaves[i];
        }

        _maxPriority = maxPriority;
    }

    private int SetMaxPriority(int slot)
    {
        SetPriority(slot, _maxPriority);
        return slot;
    }

    private void SetPriority(int slot, double priority)
    {
        _priorities[slot] = priority;
        double powered = Math.Pow(priority, Alpha);
        _sum[slot] = powered;
        _min[slot] = powered;
    }
}
