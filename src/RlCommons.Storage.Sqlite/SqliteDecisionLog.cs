using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using RlCommons.Decisions;

namespace RlCommons.Storage.Sqlite;

/// <summary>
/// A decision log on one SQLite file: decisions and their joined rewards survive the process, with the join rules of
/// <see cref="IDecisionLog"/> (the same statuses as <see cref="InMemoryDecisionLog"/> in every case).
/// </summary>
/// <remarks>
/// <para>Deciding never waits on disk: <see cref="Append"/> puts the record in an in-memory pending buffer, where
/// <see cref="JoinReward"/> and <see cref="TryGet"/> see it at once, and a background writer moves pending records to
/// the file in batches of <see cref="SqliteDecisionLogOptions.BatchSize"/>, one transaction per batch, every
/// <see cref="SqliteDecisionLogOptions.FlushInterval"/> and whenever a batch fills. A reward for a record still pending
/// is joined to the pending copy, which is written with its joined state. <see cref="Flush"/> writes everything pending
/// now; <see cref="Dispose"/> flushes and stops the writer. <see cref="CloseExpired"/>, <see cref="Read"/> and
/// <see cref="Count"/> flush first, so they see every decision appended before the call.</para>
/// <para>What a crash can lose: the decisions still pending, that is those appended since the last flush (at most
/// one flush interval of decisions, or more when writes fail) together with the rewards joined to them. Joins to
/// decisions already on disk are committed before <see cref="JoinReward"/> returns. With <c>synchronous=NORMAL</c> in
/// WAL mode a commit survives a process crash; a power failure can roll back the last commits.</para>
/// <para>A write that fails in the background (disk full, file locked beyond the busy timeout) puts the batch back in
/// the pending buffer; the next flush retries it, and <see cref="Flush"/> or <see cref="Dispose"/> throw the error.</para>
/// <para>Duplicate event ids: <see cref="Append"/> checks the ids in the file when it was opened and those appended
/// through this instance, held in memory (about 40 bytes a decision). Several instances may share one file (each sees
/// the others' flushed rows); they must give their decision points different seeds, as <see cref="DecisionId"/>
/// requires, since an id written first by another instance is not detected until its flush, which then keeps the
/// other instance's row.</para>
/// <para>Windows close by decision time, oldest first, using the index on (decision_point, closed, timestamp); when a
/// point appends its decisions in time order (one clock), this is the order of the in-memory log.</para>
/// <para>Thread safety: every member is safe to call from many threads. Appends take a short in-memory lock; joins,
/// look-ups, reads and flushes are serialized on the instance's one connection.</para>
/// </remarks>
public sealed class SqliteDecisionLog : IDecisionLog, IDisposable
{
    private const string Columns = "id, decision_point, policy_id, policy_version, action, action_name, action_components, propensity, probabilities, features, timestamp, offset_minutes, seed, sequence, source, explored, reward, reward_count, closed, is_default";

    // Lock order: _dbGate, then _gate. Append takes only _gate, so it never waits on a write.
    private readonly Lock _gate = new();
    private readonly Lock _dbGate = new();
    private readonly SqliteConnection _connection;
    private readonly HashSet<DecisionId> _ids = [];
    private readonly Dictionary<DecisionId, Pending> _pending = [];
    private readonly List<Pending> _queue = [];
    private readonly int _batchSize;
    private readonly SemaphoreSlim _batchFilled = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private bool _disposed;
    private int _disposeStarted;

    /// <summary>Opens (creating when needed) the decision log described by <paramref name="options"/>, migrating its schema to the current version.</summary>
    /// <param name="options">Where the database is and how to write to it; copied.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="InvalidDataException">The file is not a SQLite database; it is not modified.</exception>
    /// <exception cref="InvalidOperationException">The database's schema version is newer than <see cref="SchemaVersion"/>.</exception>
    public SqliteDecisionLog(SqliteDecisionLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _batchSize = options.BatchSize;
        string connectionString = options.ConnectionString ?? new SqliteConnectionStringBuilder
        {
            DataSource = options.FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,

            // Microsoft.Data.Sqlite retries a busy file for the command timeout on top of SQLite's busy_timeout: bound it too.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();

        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            SqliteDecisionSchema.Open(_connection, options.BusyTimeout);
            LoadIds();
        }
        catch
        {
            _connection.Dispose();
            SqliteConnection.ClearPool(_connection);
            throw;
        }

        // The timer starts now (not when the writer's task first runs), so the first interval counts from the open.
        var timer = new PeriodicTimer(options.FlushInterval, options.TimeProvider);
        _writer = Task.Run(() => WriteInBackgroundAsync(timer, _stop.Token));
    }

    /// <summary>The schema version this code reads and writes (kept in the file's <c>PRAGMA user_version</c>).</summary>
    public static int SchemaVersion => SqliteDecisionSchema.CurrentVersion;

    /// <summary>The number of decisions logged: those in the file (written by any instance) and those pending here. Flushes first.</summary>
    public long Count
    {
        get
        {
            lock (_dbGate)
            {
                ThrowIfDisposed();
                FlushLocked();
                using SqliteCommand command = _connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM decisions;";
                return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>The number of decisions appended and not yet written to the file (what a crash now would lose).</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Never waits on disk: the record is buffered and written by the background writer.</remarks>
    /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
    public void Append(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!_ids.Add(record.EventId))
            {
                throw new ArgumentException($"The log already holds a decision with event id {record.EventId}.", nameof(record));
            }

            var pending = new Pending(record);
            _pending.Add(record.EventId, pending);
            _queue.Add(pending);
            if (_queue.Count % _batchSize == 0)
            {
                // Inside the lock: Dispose marks the log disposed under it before it disposes the signal.
                _batchFilled.Release();
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>A decision still pending is joined in memory (written with its state when flushed); one on disk is read and updated in one transaction.</remarks>
    public RewardJoinResult JoinReward(DecisionId eventId, double reward, DateTimeOffset receivedAt, RewardJoinRules rules)
    {
        if (!double.IsFinite(reward))
        {
            throw new ArgumentOutOfRangeException(nameof(reward), reward, string.Create(CultureInfo.InvariantCulture, $"reward must be finite, was {reward}."));
        }

        lock (_dbGate)
        {
            ThrowIfDisposed();
            lock (_gate)
            {
                if (_pending.TryGetValue(eventId, out Pending? pending))
                {
                    RewardJoinStatus status = pending.State.Join(pending.Record, reward, receivedAt, rules);
                    return new RewardJoinResult(status, pending.Record);
                }
            }

            using SqliteTransaction transaction = _connection.BeginTransaction();
            if (Find(eventId, transaction) is not { } found)
            {
                return new RewardJoinResult(RewardJoinStatus.Unknown, null);
            }

            JoinState state = found.State;
            RewardJoinStatus result = state.Join(found.Record, reward, receivedAt, rules);
            if (result is RewardJoinStatus.Joined or RewardJoinStatus.Combined)
            {
                using SqliteCommand update = _connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = "UPDATE decisions SET reward = $reward, reward_count = $count, closed = $closed, closed_position = $position WHERE id = $id;";
                update.Parameters.AddWithValue("$reward", state.Reward!.Value);
                update.Parameters.AddWithValue("$count", state.RewardCount);
                update.Parameters.AddWithValue("$closed", state.Closed);
                update.Parameters.AddWithValue("$position", state.Closed ? NextClosedPosition(transaction) : DBNull.Value);
                update.Parameters.AddWithValue("$id", IdBytes(eventId));
                update.ExecuteNonQuery();
            }

            transaction.Commit();
            return new RewardJoinResult(result, found.Record);
        }
    }

    /// <inheritdoc />
    /// <remarks>Flushes first; closes by decision time, oldest first, in one transaction.</remarks>
    public IReadOnlyList<DecisionLogEntry> CloseExpired(string decisionPoint, DateTimeOffset decidedAtOrBefore, double? defaultReward, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(decisionPoint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        if (defaultReward is { } d && !double.IsFinite(d))
        {
            throw new ArgumentOutOfRangeException(nameof(defaultReward), d, "defaultReward must be finite.");
        }

        lock (_dbGate)
        {
            ThrowIfDisposed();
            FlushLocked();
            using SqliteTransaction transaction = _connection.BeginTransaction();
            var closed = new List<DecisionLogEntry>();
            using (SqliteCommand select = _connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = $"SELECT {Columns} FROM decisions WHERE decision_point = $point AND closed = 0 AND timestamp <= $cutoff ORDER BY timestamp, seq LIMIT $max;";
                select.Parameters.AddWithValue("$point", decisionPoint);
                select.Parameters.AddWithValue("$cutoff", decidedAtOrBefore.UtcTicks);
                select.Parameters.AddWithValue("$max", maxCount);
                using SqliteDataReader reader = select.ExecuteReader();
                while (reader.Read())
                {
                    (DecisionRecord record, JoinState state) = ReadRow(reader);
                    state.Closed = true;
                    if (state.RewardCount == 0 && defaultReward is { } value)
                    {
                        state.Reward = value;
                        state.IsDefault = true;
                    }

                    closed.Add(state.ToEntry(record));
                }
            }

            using SqliteCommand update = _connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE decisions SET closed = 1, reward = $reward, is_default = $default, closed_position = $position WHERE id = $id;";
            SqliteParameter reward = update.Parameters.Add("$reward", SqliteType.Real);
            SqliteParameter isDefault = update.Parameters.Add("$default", SqliteType.Integer);
            SqliteParameter position = update.Parameters.Add("$position", SqliteType.Integer);
            SqliteParameter id = update.Parameters.Add("$id", SqliteType.Blob);
            long next = closed.Count > 0 ? NextClosedPosition(transaction) : 0;
            foreach (DecisionLogEntry entry in closed)
            {
                reward.Value = entry.Reward is { } r ? r : DBNull.Value;
                isDefault.Value = entry.IsDefaultReward;
                position.Value = next++;
                id.Value = IdBytes(entry.Decision.EventId);
                update.ExecuteNonQuery();
            }

            transaction.Commit();
            return closed;
        }
    }

    /// <inheritdoc />
    public bool TryGet(DecisionId eventId, [NotNullWhen(true)] out DecisionLogEntry? entry)
    {
        lock (_dbGate)
        {
            ThrowIfDisposed();
            lock (_gate)
            {
                if (_pending.TryGetValue(eventId, out Pending? pending))
                {
                    entry = pending.State.ToEntry(pending.Record);
                    return true;
                }
            }

            entry = Find(eventId, transaction: null) is { } found ? found.State.ToEntry(found.Record) : null;
            return entry is not null;
        }
    }

    /// <inheritdoc />
    /// <remarks>Flushes first; the entries come in append order (the file's row order).</remarks>
    public IReadOnlyList<DecisionLogEntry> Read(string? decisionPoint = null)
    {
        lock (_dbGate)
        {
            ThrowIfDisposed();
            FlushLocked();
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = decisionPoint is null
                ? $"SELECT {Columns} FROM decisions ORDER BY seq;"
                : $"SELECT {Columns} FROM decisions WHERE decision_point = $point ORDER BY seq;";
            if (decisionPoint is not null)
            {
                command.Parameters.AddWithValue("$point", decisionPoint);
            }

            var entries = new List<DecisionLogEntry>();
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                (DecisionRecord record, JoinState state) = ReadRow(reader);
                entries.Add(state.ToEntry(record));
            }

            return entries;
        }
    }

    /// <inheritdoc />
    /// <remarks>Flushes first. Positions are assigned inside the write transaction that closes a decision, and SQLite
    /// serializes write transactions across processes, so positions follow commit order in a file shared by many processes.</remarks>
    public IReadOnlyList<ClosedDecision> ReadClosed(long afterPosition, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        lock (_dbGate)
        {
            ThrowIfDisposed();
            FlushLocked();
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = $"SELECT {Columns}, closed_position FROM decisions WHERE closed_position > $after ORDER BY closed_position LIMIT $max;";
            command.Parameters.AddWithValue("$after", afterPosition);
            command.Parameters.AddWithValue("$max", maxCount);
            var entries = new List<ClosedDecision>();
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                (DecisionRecord record, JoinState state) = ReadRow(reader);
                entries.Add(new ClosedDecision(reader.GetInt64(20), state.ToEntry(record)));
            }

            return entries;
        }
    }

    /// <summary>Writes every pending decision to the file now, in batches of <see cref="SqliteDecisionLogOptions.BatchSize"/> (one transaction each).</summary>
    /// <exception cref="SqliteException">A write failed; the decisions not written stay pending.</exception>
    /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
    public void Flush()
    {
        lock (_dbGate)
        {
            ThrowIfDisposed();
            FlushLocked();
        }
    }

    /// <summary>Stops the background writer, writes every pending decision and closes the file.</summary>
    /// <exception cref="SqliteException">The final write failed (the decisions still pending are lost); the file is closed all the same.</exception>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            _writer.GetAwaiter().GetResult();
        }
        finally
        {
            lock (_dbGate)
            {
                try
                {
                    // Refuse appends first, so that the final flush writes every decision accepted.
                    lock (_gate)
                    {
                        _disposed = true;
                    }

                    FlushLocked();
                }
                finally
                {
                    _connection.Dispose();
                    SqliteConnection.ClearPool(_connection);
                    _stop.Dispose();
                    _batchFilled.Dispose();
                }
            }
        }
    }

    private static byte[] IdBytes(DecisionId id)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, id.High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), id.Low);
        return bytes;
    }

    private static DecisionId IdFrom(byte[] bytes)
        => new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8)));

    // Little-endian on every platform, so a file moves between machines.
    private static byte[] ToBlob<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        byte[] bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEach(bytes, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        }

        return bytes;
    }

    private static T[] FromBlob<T>(byte[] bytes)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEach(bytes, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        }

        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    private static void ReverseEach(byte[] bytes, int size)
    {
        for (int i = 0; i < bytes.Length; i += size)
        {
            bytes.AsSpan(i, size).Reverse();
        }
    }

    private static (DecisionRecord Record, JoinState State) ReadRow(SqliteDataReader reader)
    {
        long ticks = reader.GetInt64(10);
        var offset = TimeSpan.FromMinutes(reader.GetInt32(11));
        var record = new DecisionRecord
        {
            EventId = IdFrom(reader.GetFieldValue<byte[]>(0)),
            DecisionPoint = reader.GetString(1),
            PolicyId = reader.GetString(2),
            PolicyVersion = reader.GetString(3),
            Action = reader.GetInt32(4),
            ActionName = reader.GetString(5),
            ActionComponents = FromBlob<int>(reader.GetFieldValue<byte[]>(6)),
            Propensity = reader.GetDouble(7),
            Probabilities = FromBlob<double>(reader.GetFieldValue<byte[]>(8)),
            Features = FromBlob<float>(reader.GetFieldValue<byte[]>(9)),
            Timestamp = new DateTimeOffset(ticks + offset.Ticks, offset),
            Seed = unchecked((ulong)reader.GetInt64(12)),
            Sequence = reader.GetInt64(13),
            Source = (DecisionSource)reader.GetInt32(14),
            Explored = reader.GetBoolean(15),
        };
        var state = new JoinState
        {
            Reward = reader.IsDBNull(16) ? null : reader.GetDouble(16),
            RewardCount = reader.GetInt32(17),
            Closed = reader.GetBoolean(18),
            IsDefault = reader.GetBoolean(19),
        };
        return (record, state);
    }

    private (DecisionRecord Record, JoinState State)? Find(DecisionId eventId, SqliteTransaction? transaction)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM decisions WHERE id = $id;";
        command.Parameters.AddWithValue("$id", IdBytes(eventId));
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? ReadRow(reader) : null;
    }

    // The next closing position; callers are inside a write transaction (BEGIN IMMEDIATE), which SQLite serializes.
    private long NextClosedPosition(SqliteTransaction transaction)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(closed_position), 0) + 1 FROM decisions;";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void LoadIds()
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT id FROM decisions;";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            _ids.Add(IdFrom(reader.GetFieldValue<byte[]>(0)));
        }
    }

    // Writes the pending decisions, one transaction per batch (callers hold _dbGate, so no join or look-up runs while a
    // batch is out of the pending buffer and not yet committed).
    private void FlushLocked()
    {
        while (true)
        {
            Pending[] batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    return;
                }

                batch = [.. _queue.Take(_batchSize)];
                _queue.RemoveRange(0, batch.Length);
                foreach (Pending p in batch)
                {
                    _pending.Remove(p.Record.EventId);
                }
            }

            try
            {
                WriteBatch(batch);
            }
            catch
            {
                lock (_gate)
                {
                    _queue.InsertRange(0, batch);
                    foreach (Pending p in batch)
                    {
                        _pending.Add(p.Record.EventId, p);
                    }
                }

                throw;
            }
        }
    }

    private void WriteBatch(Pending[] batch)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        using SqliteCommand insert = _connection.CreateCommand();
        insert.Transaction = transaction;

        // An id another instance wrote first keeps that instance's row (see the remarks on duplicate ids).
        insert.CommandText = $"INSERT INTO decisions ({Columns}, closed_position) VALUES ($id, $point, $policy, $version, $action, $name, $components, $propensity, $probabilities, $features, $ticks, $offset, $seed, $sequence, $source, $explored, $reward, $count, $closed, $default, $position) ON CONFLICT (id) DO NOTHING;";
        SqliteParameterCollection p = insert.Parameters;
        SqliteParameter id = p.Add("$id", SqliteType.Blob);
        SqliteParameter point = p.Add("$point", SqliteType.Text);
        SqliteParameter policy = p.Add("$policy", SqliteType.Text);
        SqliteParameter version = p.Add("$version", SqliteType.Text);
        SqliteParameter action = p.Add("$action", SqliteType.Integer);
        SqliteParameter name = p.Add("$name", SqliteType.Text);
        SqliteParameter components = p.Add("$components", SqliteType.Blob);
        SqliteParameter propensity = p.Add("$propensity", SqliteType.Real);
        SqliteParameter probabilities = p.Add("$probabilities", SqliteType.Blob);
        SqliteParameter features = p.Add("$features", SqliteType.Blob);
        SqliteParameter ticks = p.Add("$ticks", SqliteType.Integer);
        SqliteParameter offset = p.Add("$offset", SqliteType.Integer);
        SqliteParameter seed = p.Add("$seed", SqliteType.Integer);
        SqliteParameter sequence = p.Add("$sequence", SqliteType.Integer);
        SqliteParameter source = p.Add("$source", SqliteType.Integer);
        SqliteParameter explored = p.Add("$explored", SqliteType.Integer);
        SqliteParameter reward = p.Add("$reward", SqliteType.Real);
        SqliteParameter count = p.Add("$count", SqliteType.Integer);
        SqliteParameter closed = p.Add("$closed", SqliteType.Integer);
        SqliteParameter isDefault = p.Add("$default", SqliteType.Integer);
        SqliteParameter position = p.Add("$position", SqliteType.Integer);
        long next = NextClosedPosition(transaction);
        foreach (Pending pending in batch)
        {
            DecisionRecord r = pending.Record;
            id.Value = IdBytes(r.EventId);
            point.Value = r.DecisionPoint;
            policy.Value = r.PolicyId;
            version.Value = r.PolicyVersion;
            action.Value = r.Action;
            name.Value = r.ActionName;
            components.Value = ToBlob(r.ActionComponents.Span);
            propensity.Value = r.Propensity;
            probabilities.Value = ToBlob(r.Probabilities.Span);
            features.Value = ToBlob(r.Features.Span);
            ticks.Value = r.Timestamp.UtcTicks;
            offset.Value = (int)r.Timestamp.Offset.TotalMinutes;
            seed.Value = unchecked((long)r.Seed);
            sequence.Value = r.Sequence;
            source.Value = (int)r.Source;
            explored.Value = r.Explored;
            reward.Value = pending.State.Reward is { } value ? value : DBNull.Value;
            count.Value = pending.State.RewardCount;
            closed.Value = pending.State.Closed;
            isDefault.Value = pending.State.IsDefault;
            position.Value = pending.State.Closed ? next : DBNull.Value;
            if (insert.ExecuteNonQuery() == 1 && pending.State.Closed)
            {
                next++;
            }
        }

        transaction.Commit();
    }

    private async Task WriteInBackgroundAsync(PeriodicTimer timer, CancellationToken stop)
    {
        using PeriodicTimer owned = timer;
        Task<bool> tick = timer.WaitForNextTickAsync(stop).AsTask();
        Task filled = _batchFilled.WaitAsync(stop);
        while (true)
        {
            Task done = await Task.WhenAny(tick, filled).ConfigureAwait(false);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            if (done == tick)
            {
                tick = timer.WaitForNextTickAsync(stop).AsTask();
            }
            else
            {
                filled = _batchFilled.WaitAsync(stop);
            }

            try
            {
                lock (_dbGate)
                {
                    FlushLocked();
                }
            }
            catch (SqliteException)
            {
                // The batch is back in the pending buffer: the next flush retries it, and Flush or Dispose report it.
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>A decision appended and not yet written, with what has been joined to it meanwhile.</summary>
    private sealed class Pending(DecisionRecord record)
    {
        public DecisionRecord Record { get; } = record;

        public JoinState State;
    }

    /// <summary>The joined state of one decision; <see cref="Join"/> holds the join rules of <see cref="IDecisionLog"/>, as <see cref="InMemoryDecisionLog"/> applies them.</summary>
    private struct JoinState
    {
        public double? Reward;
        public int RewardCount;
        public bool Closed;
        public bool IsDefault;

        public RewardJoinStatus Join(DecisionRecord record, double reward, DateTimeOffset receivedAt, RewardJoinRules rules)
        {
            bool rewarded = RewardCount > 0;
            if (rules.Duplicates == DuplicateRewardHandling.Reject && rewarded)
            {
                return RewardJoinStatus.Duplicate;
            }

            if (Closed || receivedAt - record.Timestamp > rules.AttributionWindow)
            {
                return RewardJoinStatus.Late;
            }

            Reward = (Reward ?? 0) + reward;
            RewardCount++;
            if (rules.Duplicates == DuplicateRewardHandling.Reject)
            {
                Closed = true;
                return RewardJoinStatus.Joined;
            }

            return rewarded ? RewardJoinStatus.Combined : RewardJoinStatus.Joined;
        }

        public readonly DecisionLogEntry ToEntry(DecisionRecord record) => new(record, Reward, RewardCount, Closed, IsDefault);
    }
}
