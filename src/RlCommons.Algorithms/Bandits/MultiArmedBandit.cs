using System.Globalization;
using RlCommons.Internal;
using RlCommons.Randomness;
using RlCommons.Snapshots;

namespace RlCommons.Bandits;

/// <summary>
/// The shared machinery of the multi-armed bandits: named arms with stable indices that can be added and
/// removed at runtime, seeded per-decision randomness, validation, batch updates and snapshots.
/// </summary>
/// <remarks>
/// <para>
/// Thread safety: every public member is safe to call from many threads at once. <see cref="Decide(bool)"/>
/// and the updates are serialized by one lock per bandit; each is a few dozen nanoseconds for ten arms, so
/// the lock is held only briefly.
/// </para>
/// <para>
/// Reproducibility: decision <c>n</c> draws its randomness from <see cref="SeedSequence.Derive"/> of the
/// agent's seed and <c>n</c> (see <see cref="Decision.Seed"/>). Two bandits with the same options that receive
/// the same calls in the same order make identical decisions; a bandit restored from a snapshot continues
/// exactly as the original would have.
/// </para>
/// <para>
/// Bad input (an unknown or removed arm, a NaN or infinite reward, a reward outside the range an algorithm
/// requires) throws an <see cref="ArgumentException"/> naming the parameter, and leaves the bandit unchanged;
/// a batch update is validated in full before any of it is applied.
/// </para>
/// </remarks>
public abstract class MultiArmedBandit : ISnapshotable
{
    private readonly Lock _gate = new();
    private readonly Xoshiro256Random _random = new(0);
    private ArmRegistry _arms = new();
    private SeedSource _seeds;
    private long[] _pulls = [];
    private double[] _rewardSums = [];
    private double[] _scores = [];
    private long _decisions;
    private long _updates;

    private protected MultiArmedBandit(BanditOptions? options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TimeProvider = options.TimeProvider;
        _seeds = new SeedSource(SeedSequence.Resolve(options.Seed, options.Random));
        foreach (string name in options.ResolveArmNames())
        {
            AddArmUnlocked(name);
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

    /// <summary>
    /// The number of arm indices ever used (active or removed): the length a scores buffer passed to
    /// <see cref="Decide(Span{double}, bool)"/> needs.
    /// </summary>
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
    public long DecisionCount => Interlocked.Read(ref _decisions);

    /// <summary>The number of rewards learned so far.</summary>
    public long UpdateCount => Interlocked.Read(ref _updates);

    /// <summary>The seed this bandit's randomness derives from.</summary>
    public ulong Seed
    {
        get
        {
            lock (_gate)
            {
                return _seeds.BaseSeed;
            }
        }
    }

    /// <inheritdoc />
    public abstract string SnapshotType { get; }

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>The clock of the bandit (from its options), used for snapshot timestamps.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Adds an arm and returns its index. A new arm starts from the prior (it has no history).</summary>
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

    /// <summary>Removes an arm: it is no longer chosen, and rewards for it are rejected. Its index is never reused.</summary>
    /// <param name="name">The arm's name.</param>
    /// <returns><see langword="true"/> when the arm existed and was removed.</returns>
    public bool RemoveArm(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _arms.Remove(name);
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
    public string GetArmName(int index)
    {
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _arms.SlotCount);
            return _arms.NameOf(index);
        }
    }

    /// <summary>Returns what the bandit has observed of each active arm.</summary>
    /// <returns>One entry per active arm, in index order.</returns>
    public IReadOnlyList<ArmStatistics> GetArmStatistics()
    {
        lock (_gate)
        {
            var stats = new List<ArmStatistics>(_arms.ActiveSlots.Length);
            foreach (int slot in _arms.ActiveSlots)
            {
                long n = _pulls[slot];
                stats.Add(new ArmStatistics(_arms.NameOf(slot), slot, n, n == 0 ? 0 : _rewardSums[slot] / n));
            }

            return stats;
        }
    }

    /// <summary>Chooses an arm. Allocation-free.</summary>
    /// <param name="explore"><see langword="true"/> to follow the exploring policy; <see langword="false"/> for the greedy choice (highest estimate, ties broken at random).</param>
    /// <returns>The decision, with the chosen arm's index and propensity.</returns>
    /// <exception cref="InvalidOperationException">The bandit has no active arm.</exception>
    public Decision Decide(bool explore = true) => Decide(Span<double>.Empty, explore);

    /// <summary>Chooses an arm and writes every arm's score into <paramref name="scores"/>. Allocation-free.</summary>
    /// <param name="scores">Empty, or at least <see cref="ArmSlotCount"/> long: <c>scores[i]</c> receives arm <c>i</c>'s score (NaN for removed arms).</param>
    /// <param name="explore"><see langword="true"/> to follow the exploring policy; <see langword="false"/> for the greedy choice.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is too short.</exception>
    /// <exception cref="InvalidOperationException">The bandit has no active arm.</exception>
    public Decision Decide(Span<double> scores, bool explore = true)
    {
        lock (_gate)
        {
            ReadOnlySpan<int> active = _arms.ActiveSlots;
            if (active.IsEmpty)
            {
                throw new InvalidOperationException("The bandit has no active arm; add one with AddArm.");
            }

            if (!scores.IsEmpty && scores.Length < _arms.SlotCount)
            {
                throw new ArgumentException($"The scores buffer needs {_arms.SlotCount} entries (ArmSlotCount), it has {scores.Length}.", nameof(scores));
            }

            long sequence = _decisions + 1;
            ulong seed = _seeds.SeedFor((ulong)sequence);
            _random.DeferReseed(seed);
            Span<double> all = _scores.AsSpan(0, _arms.SlotCount);
            int arm = Choose(active, all, _random, explore, out double propensity, out bool explored);
            Volatile.Write(ref _decisions, sequence);
            if (!scores.IsEmpty)
            {
                scores[.._arms.SlotCount].Fill(double.NaN);
                foreach (int slot in active)
                {
                    scores[slot] = all[slot];
                }
            }

            return new Decision(arm, propensity, all[arm], explored, sequence, seed);
        }
    }

    /// <summary>Learns <paramref name="reward"/> for arm <paramref name="arm"/>. Allocation-free.</summary>
    /// <param name="arm">The arm's index.</param>
    /// <param name="reward">The observed reward; finite, and in the range the algorithm requires.</param>
    /// <exception cref="ArgumentException">The arm is unknown or removed, or the reward is invalid; nothing changes.</exception>
    public void Update(int arm, double reward) => Update(arm, reward, double.NaN);

    /// <summary>Learns <paramref name="reward"/> for the arm called <paramref name="arm"/>.</summary>
    /// <param name="arm">The arm's name.</param>
    /// <param name="reward">The observed reward.</param>
    /// <exception cref="ArgumentException">The arm is unknown, or the reward is invalid; nothing changes.</exception>
    public void Update(string arm, double reward)
    {
        ValidateRewardArgument(reward, nameof(reward));
        lock (_gate)
        {
            int slot = _arms.RequireActive(arm, nameof(arm));
            Apply(slot, reward, double.NaN);
        }
    }

    /// <summary>Learns <paramref name="reward"/> for the arm <paramref name="decision"/> chose, using the propensity it recorded (EXP3 needs it).</summary>
    /// <param name="decision">A decision of this bandit.</param>
    /// <param name="reward">The observed reward.</param>
    /// <exception cref="ArgumentException">The arm has been removed, or the reward is invalid; nothing changes.</exception>
    public void Update(in Decision decision, double reward) => Update(decision.Action, reward, decision.Propensity);

    /// <summary>
    /// Learns a batch of rewards under one lock acquisition. The whole batch is validated first: if any entry
    /// is invalid, nothing is applied.
    /// </summary>
    /// <param name="arms">The arm indices.</param>
    /// <param name="rewards">The rewards, one per arm index.</param>
    /// <exception cref="ArgumentException">The lengths differ, or an entry is invalid (the message gives its position).</exception>
    public void Update(ReadOnlySpan<int> arms, ReadOnlySpan<double> rewards)
    {
        if (arms.Length != rewards.Length)
        {
            throw new ArgumentException($"arms has {arms.Length} entries and rewards {rewards.Length}; they must match.", nameof(rewards));
        }

        for (int i = 0; i < rewards.Length; i++)
        {
            ValidateRewardArgument(rewards[i], $"{nameof(rewards)}[{i}]");
        }

        lock (_gate)
        {
            for (int i = 0; i < arms.Length; i++)
            {
                _arms.RequireActive(arms[i], $"{nameof(arms)}[{i}]");
            }

            for (int i = 0; i < arms.Length; i++)
            {
                Apply(arms[i], rewards[i], double.NaN);
            }
        }
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_gate)
        {
            writer.WriteUInt64(_seeds.BaseSeed);
            writer.WriteInt64(_decisions);
            writer.WriteInt64(_updates);
            _arms.Write(writer);
            writer.WriteInt64s(_pulls.AsSpan(0, _arms.SlotCount));
            writer.WriteDoubles(_rewardSums.AsSpan(0, _arms.SlotCount));
            WriteState(writer, _arms.SlotCount);
        }
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ulong seed = reader.ReadUInt64();
        long decisions = reader.ReadInt64();
        long updates = reader.ReadInt64();
        ArmRegistry arms = ArmRegistry.Read(reader);
        int slots = arms.SlotCount;
        long[] pulls = reader.ReadInt64s();
        double[] sums = reader.ReadDoubles(slots, "the reward sums");
        if (pulls.Length != slots || decisions < 0 || updates < 0 || pulls.Any(p => p < 0) || sums.Any(s => !double.IsFinite(s)))
        {
            throw new SnapshotException("The bandit's counters in the snapshot are invalid.");
        }

        Action commit = ReadState(reader, slots);
        reader.EnsureEnd();
        lock (_gate)
        {
            _seeds = new SeedSource(seed);
            _decisions = decisions;
            _updates = updates;
            _arms = arms;
            int capacity = Math.Max(slots, 4);
            _pulls = new long[capacity];
            _rewardSums = new double[capacity];
            _scores = new double[capacity];
            pulls.CopyTo(_pulls, 0);
            sums.CopyTo(_rewardSums, 0);
            commit();
            Resize(capacity);
        }
    }

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming <paramref name="paramName"/> when the reward is not acceptable.</summary>
    /// <param name="reward">The reward.</param>
    /// <param name="paramName">The parameter to name.</param>
    private protected virtual void ValidateRewardArgument(double reward, string paramName)
    {
        if (!double.IsFinite(reward))
        {
            throw new ArgumentOutOfRangeException(paramName, reward, string.Create(CultureInfo.InvariantCulture, $"{paramName} must be finite, was {reward}."));
        }
    }

    /// <summary>Chooses among <paramref name="active"/> slots, writing each active slot's score.</summary>
    private protected abstract int Choose(ReadOnlySpan<int> active, Span<double> scores, Random random, bool explore, out double propensity, out bool explored);

    /// <summary>Applies one validated reward to the algorithm's own state (the base has already counted it).</summary>
    private protected abstract void Learn(int arm, double reward, double propensity, ReadOnlySpan<int> active);

    /// <summary>Grows the algorithm's per-arm arrays to <paramref name="capacity"/> slots, keeping their contents.</summary>
    private protected abstract void Resize(int capacity);

    /// <summary>Sets the prior state of a new slot.</summary>
    private protected abstract void InitializeArm(int slot, ReadOnlySpan<int> activeBefore);

    /// <summary>Writes the algorithm's per-arm state for the first <paramref name="slots"/> slots.</summary>
    private protected abstract void WriteState(SnapshotWriter writer, int slots);

    /// <summary>Parses the algorithm's state without changing anything, and returns the action that installs it.</summary>
    private protected abstract Action ReadState(SnapshotReader reader, int slots);

    /// <summary>The lock that serializes this bandit's state; subclasses take it in their own public readers.</summary>
    private protected Lock Gate => _gate;

    /// <summary>The number of rewards arm <paramref name="slot"/> has received (callers hold the lock).</summary>
    private protected long PullsOf(int slot) => _pulls[slot];

    /// <summary>The sum of the rewards arm <paramref name="slot"/> has received (callers hold the lock).</summary>
    private protected double RewardSumOf(int slot) => _rewardSums[slot];

    /// <summary>The number of rewards learned (callers hold the lock).</summary>
    private protected long TotalPulls => _updates;

    private void Update(int arm, double reward, double propensity)
    {
        ValidateRewardArgument(reward, nameof(reward));
        lock (_gate)
        {
            _arms.RequireActive(arm, nameof(arm));
            Apply(arm, reward, propensity);
        }
    }

    private void Apply(int arm, double reward, double propensity)
    {
        _pulls[arm]++;
        _rewardSums[arm] += reward;
        Volatile.Write(ref _updates, _updates + 1);
        Learn(arm, reward, propensity, _arms.ActiveSlots);
    }

    private int AddArmUnlocked(string name)
    {
        _arms.RequireNewName(name);
        int[] activeBefore = _arms.ActiveSlots.ToArray();
        int slot = _arms.SlotCount;
        if (slot >= _pulls.Length)
        {
            int capacity = Math.Max(4, _pulls.Length * 2);
            Array.Resize(ref _pulls, capacity);
            Array.Resize(ref _rewardSums, capacity);
            Array.Resize(ref _scores, capacity);
            Resize(capacity);
        }

        _arms.Add(name);
        InitializeArm(slot, activeBefore);
        return slot;
    }
}
