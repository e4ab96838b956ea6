namespace RlCommons.Buffers;

/// <summary>
/// Preallocated storage for a minibatch drawn from a <see cref="ReplayBuffer"/> or
/// <see cref="PrioritizedReplayBuffer"/>. Create one per learner and reuse it for every sample, so sampling
/// allocates nothing.
/// </summary>
/// <remarks>
/// Vectors are stored row-major: row <c>i</c> of <see cref="Observations"/> is
/// <c>Observations[(i * ObservationDimension)..((i + 1) * ObservationDimension)]</c>. The spans cover the
/// first <see cref="Count"/> rows and are writable, so a learner may normalize or scale in place.
/// Not thread-safe.
/// </remarks>
public sealed class ReplayBatch
{
    private readonly int[] _indices;
    private readonly float[] _observations;
    private readonly int[] _actions;
    private readonly float[] _continuousActions;
    private readonly float[] _rewards;
    private readonly float[] _nextObservations;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private readonly float[] _weights;

    /// <summary>Creates a batch that holds up to <paramref name="capacity"/> transitions.</summary>
    /// <param name="capacity">The largest batch size; at least 1.</param>
    /// <param name="observationDimension">The observation length; at least 1.</param>
    /// <param name="actionDimension">0 for discrete (integer) actions, otherwise the length of the continuous action vector.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public ReplayBatch(int capacity, int observationDimension, int actionDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationDimension, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(actionDimension);
        Capacity = capacity;
        ObservationDimension = observationDimension;
        ActionDimension = actionDimension;
        _indices = new int[capacity];
        _observations = new float[checked(capacity * observationDimension)];
        _nextObservations = new float[_observations.Length];
        _actions = actionDimension == 0 ? new int[capacity] : [];
        _continuousActions = actionDimension == 0 ? [] : new float[checked(capacity * actionDimension)];
        _rewards = new float[capacity];
        _terminated = new bool[capacity];
        _truncated = new bool[capacity];
        _weights = new float[capacity];
    }

    /// <summary>The largest number of transitions the batch holds.</summary>
    public int Capacity { get; }

    /// <summary>The number of transitions filled by the last sample.</summary>
    public int Count { get; private set; }

    /// <summary>The observation length.</summary>
    public int ObservationDimension { get; }

    /// <summary>0 for discrete actions, otherwise the continuous action length.</summary>
    public int ActionDimension { get; }

    /// <summary>The buffer slot of each sampled transition (pass these to <see cref="PrioritizedReplayBuffer.UpdatePriorities"/>).</summary>
    public Span<int> Indices => _indices.AsSpan(0, Count);

    /// <summary>The observations, <see cref="Count"/> rows of <see cref="ObservationDimension"/> values.</summary>
    public Span<float> Observations => _observations.AsSpan(0, Count * ObservationDimension);

    /// <summary>The discrete actions; empty for a continuous-action batch.</summary>
    public Span<int> Actions => ActionDimension == 0 ? _actions.AsSpan(0, Count) : [];

    /// <summary>The continuous actions, <see cref="Count"/> rows of <see cref="ActionDimension"/> values; empty for a discrete-action batch.</summary>
    public Span<float> ContinuousActions => _continuousActions.AsSpan(0, Count * ActionDimension);

    /// <summary>The rewards.</summary>
    public Span<float> Rewards => _rewards.AsSpan(0, Count);

    /// <summary>The next observations, <see cref="Count"/> rows of <see cref="ObservationDimension"/> values.</summary>
    public Span<float> NextObservations => _nextObservations.AsSpan(0, Count * ObservationDimension);

    /// <summary>Whether each transition ended the episode in a terminal state (no bootstrapping from the next observation).</summary>
    public Span<bool> Terminated => _terminated.AsSpan(0, Count);

    /// <summary>Whether each transition ended the episode by truncation (a time limit: the next observation still bootstraps).</summary>
    public Span<bool> Truncated => _truncated.AsSpan(0, Count);

    /// <summary>The importance-sampling weights; all 1 for uniform sampling.</summary>
    public Span<float> Weights => _weights.AsSpan(0, Count);

    /// <summary>The observation of row <paramref name="row"/>.</summary>
    /// <param name="row">A row in [0, <see cref="Count"/>).</param>
    /// <returns>A writable view of <see cref="ObservationDimension"/> values.</returns>
    public Span<float> Observation(int row) => Observations.Slice(CheckRow(row) * ObservationDimension, ObservationDimension);

    /// <summary>The next observation of row <paramref name="row"/>.</summary>
    /// <param name="row">A row in [0, <see cref="Count"/>).</param>
    /// <returns>A writable view of <see cref="ObservationDimension"/> values.</returns>
    public Span<float> NextObservation(int row) => NextObservations.Slice(CheckRow(row) * ObservationDimension, ObservationDimension);

    /// <summary>The continuous action of row <paramref name="row"/>.</summary>
    /// <param name="row">A row in [0, <see cref="Count"/>).</param>
    /// <returns>A writable view of <see cref="ActionDimension"/> values (empty for discrete actions).</returns>
    public Span<float> ContinuousAction(int row) => ContinuousActions.Slice(CheckRow(row) * ActionDimension, ActionDimension);

    // Raw storage for the buffers that fill the batch.
    internal int[] IndexStorage => _indices;

    internal float[] ObservationStorage => _observations;

    internal int[] ActionStorage => _actions;

    internal float[] ContinuousActionStorage => _continuousActions;

    internal float[] RewardStorage => _rewards;

    internal float[] NextObservationStorage => _nextObservations;

    internal bool[] TerminatedStorage => _terminated;

    internal bool[] TruncatedStorage => _truncated;

    internal float[] WeightStorage => _weights;

    internal void SetCount(int count) => Count = count;

    private int CheckRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        return row;
    }
}
