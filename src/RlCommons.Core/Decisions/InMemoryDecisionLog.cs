using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RlCommons.Decisions;

/// <summary>
/// A decision log held in memory: the default of a decision point when no store is configured, and the log of tests
/// and simulations. Nothing survives the process; use the SQLite or PostgreSQL log for that.
/// </summary>
/// <remarks>
/// <para>Appending and joining take one lock and allocate nothing beyond the growth of the log's own arrays (none once a
/// bounded log is full). Windows close in append order (decisions of one point are appended in time order when they
/// share one clock). By default the log keeps everything; give it a capacity to keep the latest decisions only.</para>
/// <para>Thread safety: every member is safe to call from many threads.</para>
/// </remarks>
public sealed class InMemoryDecisionLog : IDecisionLog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<DecisionId, long> _index = [];
    private readonly Dictionary<string, Queue<long>> _open = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private Slot[] _slots;
    private long _appended;
    private long _first;
    private string? _lastPoint;
    private Queue<long>? _lastQueue;

    // The closing order: (closed position, slot position), increasing in both the first and the time of closing.
    private readonly List<(long Position, long Slot)> _closed = [];
    private long _closedCount;

    /// <summary>Creates a log that keeps every decision.</summary>
    public InMemoryDecisionLog()
        : this(int.MaxValue)
    {
    }

    /// <summary>Creates a log that keeps the latest <paramref name="capacity"/> decisions: appending to a full log evicts the oldest one (a reward sent for it later is <see cref="RewardJoinStatus.Unknown"/>).</summary>
    /// <param name="capacity">How many decisions to keep; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public InMemoryDecisionLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _slots = new Slot[Math.Min(capacity, 1024)];
    }

    /// <summary>The number of decisions the log keeps at most.</summary>
    public int Capacity => _capacity;

    /// <summary>The number of decisions evicted to respect <see cref="Capacity"/>.</summary>
    public long Evicted
    {
        get
        {
            lock (_gate)
            {
                return _first;
            }
        }
    }

    /// <summary>The number of decisions the log holds now (appended minus evicted).</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _appended - _first;
            }
        }
    }

    /// <inheritdoc />
    public void Append(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            if (!_index.TryAdd(record.EventId, _appended))
            {
                throw new ArgumentException($"The log already holds a decision with event id {record.EventId}.", nameof(record));
            }

            if (_appended - _first == _capacity)
            {
                Evict();
            }
            else if (_appended - _first == _slots.Length)
            {
                // Still growing towards the capacity: positions map to slots one to one (nothing evicted yet).
                Array.Resize(ref _slots, (int)Math.Min(_capacity, (long)_slots.Length * 2));
            }

            Queue<long> queue = OpenQueueOf(record.DecisionPoint);
            SlotAt(_appended) = new Slot { Id = record.EventId, Record = record, Open = queue };
            queue.Enqueue(_appended);
            _appended++;
        }
    }

    /// <inheritdoc />
    public RewardJoinResult JoinReward(DecisionId eventId, double reward, DateTimeOffset receivedAt, RewardJoinRules rules)
    {
        if (!double.IsFinite(reward))
        {
            throw new ArgumentOutOfRangeException(nameof(reward), reward, string.Create(CultureInfo.InvariantCulture, $"reward must be finite, was {reward}."));
        }

        lock (_gate)
        {
            if (!_index.TryGetValue(eventId, out long position))
            {
                return new RewardJoinResult(RewardJoinStatus.Unknown, null);
            }

            ref Slot slot = ref SlotAt(position);
            bool wasClosed = slot.Closed;
            RewardJoinStatus status = Join(ref slot, reward, receivedAt, rules);
            if (slot.Closed && !wasClosed)
            {
                RecordClosing(position);
            }

            return new RewardJoinResult(status, slot.Record);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<DecisionLogEntry> CloseExpired(string decisionPoint, DateTimeOffset decidedAtOrBefore, double? defaultReward, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(decisionPoint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        if (defaultReward is { } d && !double.IsFinite(d))
        {
            throw new ArgumentOutOfRangeException(nameof(defaultReward), d, "defaultReward must be finite.");
        }

        List<DecisionLogEntry>? closed = null;
        lock (_gate)
        {
            if (!_open.TryGetValue(decisionPoint, out Queue<long>? queue))
            {
                return [];
            }

            while (queue.Count > 0 && (closed?.Count ?? 0) < maxCount)
            {
                long position = queue.Peek();
                if (position < _first)
                {
                    queue.Dequeue();
                    continue;
                }

                ref Slot slot = ref SlotAt(position);
                if (!slot.Closed && slot.Record.Timestamp > decidedAtOrBefore)
                {
                    break;
                }

                queue.Dequeue();
                if (slot.Closed)
                {
                    continue;
                }

                slot.Closed = true;
                RecordClosing(position);
                if (slot.RewardCount == 0 && defaultReward is { } value)
                {
                    slot.Reward = value;
                    slot.IsDefault = true;
                }

                (closed ??= []).Add(slot.ToEntry());
            }
        }

        return closed ?? (IReadOnlyList<DecisionLogEntry>)[];
    }

    /// <inheritdoc />
    public bool TryGet(DecisionId eventId, [NotNullWhen(true)] out DecisionLogEntry? entry)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(eventId, out long position))
            {
                entry = SlotAt(position).ToEntry();
                return true;
            }
        }

        entry = null;
        return false;
    }

    /// <inheritdoc />
    public IReadOnlyList<DecisionLogEntry> Read(string? decisionPoint = null)
    {
        lock (_gate)
        {
            var entries = new List<DecisionLogEntry>(decisionPoint is null ? (int)(_appended - _first) : 0);
            for (long position = _first; position < _appended; position++)
            {
                ref Slot slot = ref SlotAt(position);
                if (decisionPoint is null || string.Equals(slot.Record.DecisionPoint, decisionPoint, StringComparison.Ordinal))
                {
                    entries.Add(slot.ToEntry());
                }
            }

            return entries;
        }
    }

    /// <inheritdoc />
    /// <remarks>Decisions evicted to respect <see cref="Capacity"/> are skipped.</remarks>
    public IReadOnlyList<ClosedDecision> ReadClosed(long afterPosition, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        lock (_gate)
        {
            int lo = 0, hi = _closed.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_closed[mid].Position <= afterPosition)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            var result = new List<ClosedDecision>(Math.Min(maxCount, _closed.Count - lo));
            for (int i = lo; i < _closed.Count && result.Count < maxCount; i++)
            {
                (long position, long slot) = _closed[i];
                if (slot >= _first)
                {
                    result.Add(new ClosedDecision(position, SlotAt(slot).ToEntry()));
                }
            }

            return result;
        }
    }

    // Gives the decision at slot position `slot` the next closing position (callers hold the lock); drops the closings of
    // evicted decisions when they outnumber the kept ones, so a bounded log stays bounded.
    private void RecordClosing(long slot)
    {
        _closed.Add((++_closedCount, slot));
        if (_first > 0 && _closed.Count > 2 * Math.Max(1024, _appended - _first))
        {
            _closed.RemoveAll(c => c.Slot < _first);
        }
    }

    private ref Slot SlotAt(long position) => ref _slots[position % _slots.Length];

    // The queue of open windows of a decision point; the last one asked for is kept, as one point usually appends many
    // decisions in a row (callers hold the lock).
    private Queue<long> OpenQueueOf(string decisionPoint)
    {
        if (ReferenceEquals(decisionPoint, _lastPoint) && _lastQueue is not null)
        {
            return _lastQueue;
        }

        if (!_open.TryGetValue(decisionPoint, out Queue<long>? queue))
        {
            queue = new Queue<long>();
            _open.Add(decisionPoint, queue);
        }

        (_lastPoint, _lastQueue) = (decisionPoint, queue);
        return queue;
    }

    // Drops the oldest decision, and its place in its point's queue of open windows (callers hold the lock).
    private void Evict()
    {
        ref Slot oldest = ref SlotAt(_first);
        _index.Remove(oldest.Id);
        Queue<long> queue = oldest.Open;
        oldest = default;
        _first++;
        while (queue.Count > 0 && queue.Peek() < _first)
        {
            queue.Dequeue();
        }
    }

    /// <summary>The join rules of <see cref="IDecisionLog"/>, applied to one stored decision (callers hold their lock).</summary>
    internal static RewardJoinStatus Join(ref Slot slot, double reward, DateTimeOffset receivedAt, RewardJoinRules rules)
    {
        bool rewarded = slot.RewardCount > 0;
        if (rules.Duplicates == DuplicateRewardHandling.Reject && rewarded)
        {
            return RewardJoinStatus.Duplicate;
        }

        if (slot.Closed || receivedAt - slot.Record.Timestamp > rules.AttributionWindow)
        {
            return RewardJoinStatus.Late;
        }

        slot.Reward = (slot.Reward ?? 0) + reward;
        slot.RewardCount++;
        if (rules.Duplicates == DuplicateRewardHandling.Reject)
        {
            slot.Closed = true;
            return RewardJoinStatus.Joined;
        }

        return rewarded ? RewardJoinStatus.Combined : RewardJoinStatus.Joined;
    }

    /// <summary>One stored decision with its joined state.</summary>
    internal struct Slot
    {
        public DecisionId Id;
        public DecisionRecord Record;
        public Queue<long> Open;
        public double? Reward;
        public int RewardCount;
        public bool Closed;
        public bool IsDefault;

        public readonly DecisionLogEntry ToEntry() => new(Record, Reward, RewardCount, Closed, IsDefault);
    }
}
