using RlCommons.Algorithms.Diagnostics;
using RlCommons.Algorithms.Internal;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Bandits;

/// <summary>
/// What every bandit in RlCommons shares: named arms with stable indices that can be added and removed at
/// runtime, seeded per-decision randomness, decision and update counters, one lock, and snapshots.
/// </summary>
/// <remarks>
/// <para>
/// Arms: an arm's index (the <see cref="Decision.Action"/> that chooses it) never changes and is never reused
/// after the arm is removed, so a reward that arrives late can never be credited to another arm.
/// </para>
/// <para>
/// Thread safety: every public member is safe to call from many threads at once. Decisions and updates
/// are serialized by one lock per bandit.
/// </para>
/// <para>
/// Reproducibility: decision <c>n</c> draws its randomness from <see cref="SeedSequence.Derive"/> of the
/// bandit's seed and <c>n</c> (see <see cref="Decision.Seed"/>). Two bandits with the same options that receive
/// the same calls in the same order make identical decisions; a bandit restored from a snapshot (which holds
/// the seed and the counters) continues exactly as the original would have.
/// </para>
/// <para>
/// Bad input (an unknown or removed arm, a NaN or infinite reward or feature, a feature vector of the wrong
/// length) throws an <see cref="ArgumentException"/> naming the parameter and leaves the bandit unchanged.
/// </para>
/// </remarks>
public abstract class Bandit : ISnapshotable, IConfiguredArms
{
    private readonly Lock _gate = new();
    private ArmRegistry _arms = new();
    private readonly DecisionStream _stream;
    private IReadOnlyList<string> _configuredArms;
    private int _capacity;
    private long _stateVersion;

    private protected Bandit(BanditOptions? options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TimeProvider = options.TimeProvider;
        _stream = new DecisionStream(SeedSequence.Resolve(options.Seed, options.Random));

        // Concrete bandits initialize their per-arm fields in field initializers, which run before this.
        _configuredArms = options.ResolveArmNames();
        foreach (string name in _configuredArms)
        {
            AddArmUnlocked(name);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ConfiguredArms => Volatile.Read(ref _configuredArms);

    /// <inheritdoc />
    /// <remarks>Thread-safe: the change happens under the bandit's lock, all at once.</remarks>
    public (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) SyncArms(IEnumerable<string> arms)
    {
        ArgumentNullException.ThrowIfNull(arms);
        string[] wanted = [.. arms];
        if (wanted.Length == 0)
        {
            throw new ArgumentException("The configuration names no arm; a bandit needs at least one.", nameof(arms));
        }

        var unique = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < wanted.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(wanted[i]) || !unique.Add(wanted[i]))
            {
                throw new ArgumentException($"arms[{i}] is blank or repeated: '{wanted[i]}'.", nameof(arms));
            }
        }

        lock (_gate)
        {
            string[] current = _arms.ActiveNames();
            string[] removed = [.. current.Where(name => !unique.Contains(name))];
            string[] added = [.. wanted.Where(name => !_arms.TryGetSlot(name, out _))];
            foreach (string name in removed)
            {
                _arms.Remove(name);
            }

            foreach (string name in added)
            {
                AddArmUnlocked(name);
            }

            Volatile.Write(ref _configuredArms, wanted);
            return (added, removed);
        }
    }

    /// <summary>The names of the active arms, in index order.</summary>
    public IReadOnlyList<string> Arms
    {
        get
        {
            lock (_gate)
            {
                return _arms.ActiveNames();
            }
        }
    }

    /// <summary>The number of active arms.</summary>
    public int ArmCount
    {
        get
        {
            lock (_gate)
            {
                return _arms.ActiveSlots.Length;
            }
        }
    }

    /// <summary>The number of arm indices ever used (active or removed): the length a scores buffer needs.</summary>
    public int ArmSlotCount
    {
        get
        {
            lock (_gate)
            {
                return _arms.SlotCount;
            }
        }
    }

    /// <summary>The number of decisions made so far.</summary>
    public long DecisionCount => _stream.Decisions;

    /// <summary>The number of rewards learned so far.</summary>
    public long UpdateCount => _stream.Updates;

    /// <summary>The seed this bandit's randomness derives from.</summary>
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

    /// <summary>The clock of the bandit (from its options), used for snapshot timestamps.</summary>
    public TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public abstract string SnapshotType { get; }

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>Adds an arm and returns its index. A new arm starts from the prior: it has no history.</summary>
    /// <param name="name">A name not used by an active arm.</param>
    /// <returns>The new arm's stable index.</returns>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public int AddArm(string name)
    {
        lock (_gate)
        {
            return AddArmUnlocked(name);
        }
    }

    /// <summary>Removes an arm: it is no longer chosen and rewards for it are rejected. Its index is never reused.</summary>
    /// <param name="name">The arm's name.</param>
    /// <returns><see langword="true"/> when the arm existed and was removed.</returns>
    public bool RemoveArm(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            bool removed = _arms.Remove(name);
            _stateVersion += removed ? 1 : 0;
            return removed;
        }
    }

    /// <summary>Returns the index of the active arm called <paramref name="name"/>.</summary>
    /// <param name="name">The arm's name.</param>
    /// <returns>Its index.</returns>
    /// <exception cref="ArgumentException">No active arm has that name.</exception>
    public int GetArmIndex(string name)
    {
        lock (_gate)
        {
            return _arms.RequireActive(name, nameof(name));
        }
    }

    /// <summary>Returns the name of the arm at <paramref name="index"/> (active or removed).</summary>
    /// <param name="index">An arm index.</param>
    /// <returns>Its name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No arm ever had that index.</exception>
    /// <remarks>Lock-free: reads the registry's immutable name array (names never change once given).</remarks>
    public string GetArmName(int index)
    {
        string[] names = Volatile.Read(ref _arms).NameSnapshot;
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, names.Length);
        return names[index];
    }

    /// <summary>Whether an active arm is called <paramref name="name"/>.</summary>
    internal bool HasActiveArm(string name)
    {
        lock (_gate)
        {
            return _arms.TryGetSlot(name, out _);
        }
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_gate)
        {
            _stream.Write(writer);
            _arms.Write(writer);
            WriteState(writer, _arms.SlotCount);
        }
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Action commitStream = _stream.Read(reader);
        ArmRegistry arms = ArmRegistry.Read(reader);
        Action commit = ReadState(reader, arms.SlotCount);
        reader.EnsureEnd();
        lock (_gate)
        {
            commitStream();
            _stateVersion++;
            Volatile.Write(ref _arms, arms);
            commit();
            _capacity = Math.Max(4, arms.SlotCount);
            Resize(_capacity);
        }
    }

    /// <summary>The lock that serializes this bandit's state.</summary>
    private protected Lock Gate => _gate;

    /// <summary>The active arm indices, ascending (callers hold the lock).</summary>
    private protected ReadOnlySpan<int> ActiveArms => _arms.ActiveSlots;

    /// <summary>The number of arm indices ever used (callers hold the lock).</summary>
    private protected int SlotCount => _arms.SlotCount;

    /// <summary>The number of rewards learned (callers hold the lock).</summary>
    private protected long TotalUpdates => _stream.Updates;

    /// <summary>Throws unless <paramref name="arm"/> is an active arm index (callers hold the lock).</summary>
    private protected void RequireActiveArm(int arm, string paramName) => _arms.RequireActive(arm, paramName);

    /// <summary>Returns the index of the active arm called <paramref name="arm"/> (callers hold the lock).</summary>
    private protected int RequireActiveArm(string arm, string paramName) => _arms.RequireActive(arm, paramName);

    /// <summary>
    /// Starts a decision (callers hold the lock): checks that an arm is active, numbers the decision, and
    /// returns the random source seeded for it. Call <see cref="CompleteDecision"/> once the choice is made.
    /// </summary>
    private protected Random BeginDecision(out long sequence, out ulong seed)
    {
        RequireActiveArmExists();
        return _stream.Begin(out sequence, out seed);
    }

    /// <summary>Throws unless an arm is active (callers hold the lock).</summary>
    private protected void RequireActiveArmExists()
    {
        if (_arms.ActiveSlots.IsEmpty)
        {
            throw new InvalidOperationException("The bandit has no active arm; add one with AddArm.");
        }
    }

    /// <summary>
    /// Throws unless a caller's probabilities buffer has room for every arm slot (the policy contract's ActionCount);
    /// an empty buffer is accepted when <paramref name="allowEmpty"/> (callers hold the lock).
    /// </summary>
    private protected void RequireProbabilitiesCapacity(int length, bool allowEmpty, string paramName)
    {
        if ((length != 0 || !allowEmpty) && length < _arms.SlotCount)
        {
            throw new ArgumentException($"The probabilities buffer needs {_arms.SlotCount} entries (ActionCount = ArmSlotCount), it has {length}.", paramName);
        }
    }

    /// <summary>Throws unless a caller's scores buffer is empty or has room for every arm slot (callers hold the lock).</summary>
    private protected void RequireScoresCapacity(int length, string paramName)
    {
        if (length != 0 && length < _arms.SlotCount)
        {
            throw new ArgumentException($"The scores buffer needs {_arms.SlotCount} entries (ArmSlotCount), it has {length}.", paramName);
        }
    }

    /// <summary>
    /// Records that decision <paramref name="sequence"/> was made, copies the active arms' scores to the caller's
    /// buffer (NaN for removed arms) when one was given, and builds the <see cref="Decision"/> (callers hold the lock).
    /// </summary>
    private protected Decision CompleteDecision(int arm, double propensity, bool explored, long sequence, ulong seed, ReadOnlySpan<double> scores, Span<double> destination)
    {
        _stream.Complete(sequence);
        AgentMetrics.Decided(this);
        if (!destination.IsEmpty)
        {
            destination[.._arms.SlotCount].Fill(double.NaN);
            foreach (int slot in _arms.ActiveSlots)
            {
                destination[slot] = scores[slot];
            }
        }

        return new Decision(arm, propensity, scores[arm], explored, sequence, seed);
    }

    /// <summary>Counts one learned reward (callers hold the lock).</summary>
    private protected void CountUpdate()
    {
        _stream.CountUpdate();
        _stateVersion++;
        AgentMetrics.Updated(this);
    }

    /// <summary>
    /// A number that changes whenever the learned state or the set of arms changes (an update, an arm added or removed,
    /// a snapshot loaded), so derived quantities can be cached against it (callers hold the lock).
    /// </summary>
    private protected long StateVersion => _stateVersion;

    /// <summary>Grows the per-arm storage to <paramref name="capacity"/> slots, keeping its contents.</summary>
    private protected abstract void Resize(int capacity);

    /// <summary>Sets the prior state of the new arm at <paramref name="slot"/>.</summary>
    private protected abstract void InitializeArm(int slot, ReadOnlySpan<int> activeBefore);

    /// <summary>Writes the algorithm's state for the first <paramref name="slots"/> arm slots.</summary>
    private protected abstract void WriteState(SnapshotWriter writer, int slots);

    /// <summary>Parses the algorithm's state without changing anything, and returns the action that installs it (run under the lock, after the base state is installed).</summary>
    private protected abstract Action ReadState(SnapshotReader reader, int slots);

    private int AddArmUnlocked(string name)
    {
        _arms.RequireNewName(name);
        int[] activeBefore = _arms.ActiveSlots.ToArray();
        int slot = _arms.SlotCount;
        if (slot >= _capacity)
        {
            _capacity = Math.Max(4, _capacity * 2);
            Resize(_capacity);
        }

        _arms.Add(name);
        _stateVersion++;
        InitializeArm(slot, activeBefore);
        return slot;
    }
}
