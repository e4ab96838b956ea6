using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RlCommons.Decisions;

/// <summary>
/// A decision log held in memory: the default of a decision point when no store is configured, and the log of tests
/// and simulations. Nothing survives the process; use the SQLite or PostgreSQL log for that.
/// </summary>
/// <remarks>
/// <para>Appending and joining take one lock and allocate nothing beyond the growth of the log's own arrays. Windows
/// close in append order (decisions of one point are appended in time order when they share one clock).</para>
/// <para>Thread safety: every member is safe to call from many threads.</para>
/// </remarks>
public sealed class InMemoryDecisionLog : IDecisionLog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<DecisionId, int> _index = [];
    private readonly Dictionary<string, Queue<int>> _open = new(StringComparer.Ordinal);
    private Slot[] _slots = new Slot[1024];
    private int _count;

    /// <inheritdoc />
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <inheritdoc />
    public void Append(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            if (!_index.TryAdd(record.EventId, _count))
            {
                throw new ArgumentException($"The log already holds a decision with event id {record.EventId}.", nameof(record));
            }

            if (_count == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
            }

            _slots[_count] = new Slot { Record = record };
            if (!_open.TryGetValue(record.DecisionPoint, out Queue<int>? queue))
            {
                queue = new Queue<int>();
                _open.Add(record.DecisionPoint, queue);
            }

            queue.Enqueue(_count);
            _count++;
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
            if (!_index.TryGetValue(eventId, out int i))
            {
                return new RewardJoinResult(RewardJoinStatus.Unknown, null);
            }

            ref Slot slot = ref _slots[i];
            RewardJoinStatus status = Join(ref slot, reward, receivedAt, rules);
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
            if (!_open.TryGetValue(decisionPoint, out Queue<int>? queue))
            {
                return [];
            }

            while (queue.Count > 0 && (closed?.Count ?? 0) < maxCount)
            {
                ref Slot slot = ref _slots[queue.Peek()];
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
            if (_index.TryGetValue(eventId, out int i))
            {
                entry = _slots[i].ToEntry();
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
            var entries = new List<DecisionLogEntry>(decisionPoint is null ? _count : 0);
            for (int i = 0; i < _count; i++)
            {
                if (decisionPoint is null || string.Equals(_slots[i].Record.DecisionPoint, decisionPoint, StringComparison.Ordinal))
                {
                    entries.Add(_slots[i].ToEntry());
                }
            }

            return entries;
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
        public DecisionRecord Record;
        public double? Reward;
        public int RewardCount;
        public bool Closed;
        public bool IsDefault;

        public readonly DecisionLogEntry ToEntry() => new(Record, Reward, RewardCount, Closed, IsDefault);
    }
}
