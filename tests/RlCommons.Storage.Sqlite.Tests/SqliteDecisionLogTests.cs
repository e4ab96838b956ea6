using Microsoft.Data.Sqlite;
using RlCommons.Decisions;
using static RlCommons.Storage.Sqlite.Tests.DecisionLogScenarios;
using Clock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace RlCommons.Storage.Sqlite.Tests;

public sealed class SqliteDecisionLogTests : IDisposable
{
    private static readonly RewardJoinRules Reject = new(TimeSpan.FromMinutes(10), DuplicateRewardHandling.Reject);
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    private static DecisionRecord FullRecord(long sequence) => new()
    {
        EventId = DecisionId.Create(Start, 7, sequence),
        DecisionPoint = "checkout",
        PolicyId = "linucb",
        PolicyVersion = "v3.1",
        Action = 5,
        ActionName = "large-é",
        ActionComponents = new[] { 1, 2, -3 },
        Propensity = 0.123456789012345,
        Probabilities = new[] { 0.1, 0.123456789012345, double.Epsilon, 0.776543210987655 - double.Epsilon },
        Features = new[] { 0.5f, -1e-30f, float.MaxValue, float.NaN, -0f },
        Timestamp = new DateTimeOffset(2026, 12, 6, 13, 30, 15, TimeSpan.FromHours(5.5)).AddTicks(1234567),
        Seed = ulong.MaxValue - (ulong)sequence,
        Sequence = sequence,
        Source = DecisionSource.ShieldReplaced,
        Explored = true,
    };

    private long UserVersion()
    {
        using var connection = new SqliteConnection($"Data Source={_temp.FilePath};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)command.ExecuteScalar()!;
    }

    private void SetUserVersion(int version)
    {
        using var connection = new SqliteConnection($"Data Source={_temp.FilePath};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"PRAGMA user_version = {version};";
        command.ExecuteNonQuery();
    }

    [Fact]
    public void Read_AfterReopen_RoundTripsEveryField()
    {
        DecisionRecord full = FullRecord(1);
        DecisionRecord empty = Record(2);
        using (SqliteDecisionLog log = _temp.Open())
        {
            log.Append(full);
            log.Append(empty);
        }

        using SqliteDecisionLog reopened = _temp.Open();
        IReadOnlyList<DecisionLogEntry> entries = reopened.Read();
        Assert.Equal(2, entries.Count);
        RecordAssert.Equal(full, entries[0].Decision);
        RecordAssert.Equal(empty, entries[1].Decision);
        Assert.True(entries[1].Decision.ActionComponents.IsEmpty);
        Assert.True(entries[1].Decision.Probabilities.IsEmpty);
        Assert.True(reopened.TryGet(full.EventId, out DecisionLogEntry? found));
        RecordAssert.Equal(new DecisionLogEntry(full, null, 0, false, false), found);
    }

    [Fact]
    public void TryGet_PendingRecord_FoundBeforeAnyWrite()
    {
        using SqliteDecisionLog log = _temp.Open();
        log.Append(FullRecord(1));

        Assert.Equal(1, log.PendingCount);
        Assert.True(log.TryGet(FullRecord(1).EventId, out DecisionLogEntry? entry));
        RecordAssert.Equal(FullRecord(1), entry.Decision);
        using SqliteDecisionLog other = _temp.Open();
        Assert.Equal(0, other.Count);

        log.Flush();

        Assert.Equal(0, log.PendingCount);
        Assert.Equal(1, other.Count);
    }

    [Fact]
    public void JoinReward_OnPendingRecord_WrittenWithItsRewardAndSurvivesReopen()
    {
        using (SqliteDecisionLog log = _temp.Open())
        {
            log.Append(Record(1));
            log.Append(Record(2));
            log.Append(Record(4));
            Assert.Equal(RewardJoinStatus.Joined, log.JoinReward(Record(1).EventId, 0.5, Start, Reject).Status);
            log.Flush();
            Assert.Equal(RewardJoinStatus.Joined, log.JoinReward(Record(2).EventId, -2, Start, Reject).Status);
            Assert.Equal(4L, Assert.Single(log.CloseExpired("p", Start, defaultReward: 0, maxCount: 10)).Decision.Sequence);
            log.Append(Record(3));
            log.JoinReward(Record(3).EventId, 0.25, Start, new RewardJoinRules(TimeSpan.FromMinutes(1), DuplicateRewardHandling.Sum));
        }

        using SqliteDecisionLog reopened = _temp.Open();
        IReadOnlyList<DecisionLogEntry> entries = reopened.Read();
        Assert.Equal(new DecisionLogEntry(entries[0].Decision, 0.5, 1, true, false), entries[0]);
        Assert.Equal(new DecisionLogEntry(entries[1].Decision, -2, 1, true, false), entries[1]);
        Assert.Equal(new DecisionLogEntry(entries[2].Decision, 0, 0, true, true), entries[2]);
        Assert.Equal(new DecisionLogEntry(entries[3].Decision, 0.25, 1, false, false), entries[3]);
        Assert.Equal(RewardJoinStatus.Duplicate, reopened.JoinReward(Record(1).EventId, 1, Start, Reject).Status);
        Assert.Equal(RewardJoinStatus.Combined, reopened.JoinReward(Record(3).EventId, 1, Start, new RewardJoinRules(TimeSpan.FromMinutes(1), DuplicateRewardHandling.Sum)).Status);
    }

    [Fact]
    public void Append_IdAlreadyInTheFileAtOpen_Throws()
    {
        using (SqliteDecisionLog log = _temp.Open())
        {
            log.Append(Record(1));
        }

        using SqliteDecisionLog reopened = _temp.Open();
        Assert.Equal("record", Assert.Throws<ArgumentException>(() => reopened.Append(Record(1))).ParamName);
        Assert.Equal(1, reopened.Count);
    }

    [Fact]
    public void Read_SecondInstanceOnTheSameFile_SeesTheFirstsFlushedRowsAndJoins()
    {
        using SqliteDecisionLog first = _temp.Open();
        using SqliteDecisionLog second = _temp.Open();
        first.Append(Record(1));
        first.Append(Record(2));
        first.Flush();

        Assert.Equal([1L, 2L], second.Read().Select(e => e.Decision.Sequence));
        Assert.Equal(RewardJoinStatus.Joined, second.JoinReward(Record(1).EventId, 1, Start, Reject).Status);
        Assert.Equal(RewardJoinStatus.Duplicate, first.JoinReward(Record(1).EventId, 1, Start, Reject).Status);
        second.Append(FullRecord(3));
        second.Flush();
        Assert.Equal(3, first.Count);
    }

    [Fact]
    public void Append_BatchFills_BackgroundWriterFlushesWithoutFlushCall()
    {
        using SqliteDecisionLog log = _temp.Open(batchSize: 4);
        for (int i = 1; i <= 8; i++)
        {
            log.Append(Record(i));
        }

        // The clock never moves: only the full batches can wake the writer. Waits for it, with a generous bound.
        Assert.True(SpinWait.SpinUntil(() => log.PendingCount == 0, TimeSpan.FromMinutes(1)));
        using SqliteDecisionLog other = _temp.Open();
        Assert.Equal(8, other.Count);
    }

    [Fact]
    public void FlushInterval_Elapses_BackgroundWriterFlushes()
    {
        var clock = new Clock(Start);
        using var log = new SqliteDecisionLog(new SqliteDecisionLogOptions { FilePath = _temp.FilePath, FlushInterval = TimeSpan.FromSeconds(2), TimeProvider = clock });
        log.Append(Record(1));
        Assert.Equal(1, log.PendingCount);

        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(SpinWait.SpinUntil(() => log.PendingCount == 0, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Flush_FileLockedByAnotherWriter_ThrowsAndKeepsTheBatchPending()
    {
        using var log = new SqliteDecisionLog(new SqliteDecisionLogOptions { FilePath = _temp.FilePath, BusyTimeout = TimeSpan.Zero, TimeProvider = new Clock(Start) });
        log.Append(Record(1));
        using (var blocker = new SqliteConnection($"Data Source={_temp.FilePath};Pooling=False"))
        {
            blocker.Open();
            using SqliteTransaction writeLock = blocker.BeginTransaction(deferred: false);

            SqliteException e = Assert.Throws<SqliteException>(log.Flush);

            Assert.Equal(5, e.SqliteErrorCode); // SQLITE_BUSY
            Assert.Equal(1, log.PendingCount);
            Assert.True(log.TryGet(Record(1).EventId, out _));
            Assert.Equal(RewardJoinStatus.Joined, log.JoinReward(Record(1).EventId, 1, Start, Reject).Status);

            // Deciding goes on while the file is locked: appends only touch memory.
            log.Append(Record(2));
            Assert.Equal(2, log.PendingCount);
        }

        log.Flush();

        Assert.Equal(0, log.PendingCount);
        Assert.Equal([1.0, null], log.Read().Select(e => e.Reward));
    }

    [Fact]
    public void Dispose_Twice_AndAppendAfterDispose_Throws()
    {
        SqliteDecisionLog log = _temp.Open();
        log.Append(Record(1));
        log.Dispose();
        log.Dispose();

        Assert.Throws<ObjectDisposedException>(() => log.Append(Record(2)));
        Assert.Throws<ObjectDisposedException>(() => log.Flush());
        using SqliteDecisionLog reopened = _temp.Open();
        Assert.Equal(1, reopened.Count);
    }

    [Fact]
    public void Open_Twice_MigrationIsIdempotentAndVersionRecorded()
    {
        _temp.Open().Dispose();
        Assert.Equal(SqliteDecisionLog.SchemaVersion, UserVersion());
        using (SqliteDecisionLog log = _temp.Open())
        {
            log.Append(Record(1));
        }

        using SqliteDecisionLog again = _temp.Open();
        Assert.Equal(SqliteDecisionLog.SchemaVersion, UserVersion());
        Assert.Equal(1, again.Count);
    }

    [Fact]
    public void Open_ExistingDatabaseAtVersionZero_MigratesAndKeepsItsTables()
    {
        using (var connection = new SqliteConnection($"Data Source={_temp.FilePath};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE other (x INTEGER); INSERT INTO other VALUES (42);";
            command.ExecuteNonQuery();
        }

        using (SqliteDecisionLog log = _temp.Open())
        {
            log.Append(Record(1));
        }

        Assert.Equal(SqliteDecisionLog.SchemaVersion, UserVersion());
        using var check = new SqliteConnection($"Data Source={_temp.FilePath};Pooling=False");
        check.Open();
        using SqliteCommand read = check.CreateCommand();
        read.CommandText = "SELECT x FROM other;";
        Assert.Equal(42L, read.ExecuteScalar());
        read.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", read.ExecuteScalar());
        read.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'decisions' AND sql LIKE '%decision_point, closed, timestamp%';";
        Assert.Equal("ix_decisions_expiry", read.ExecuteScalar());
    }

    [Fact]
    public void Open_NewerSchema_ThrowsNamingBothVersions()
    {
        _temp.Open().Dispose();
        int newer = SqliteDecisionLog.SchemaVersion + 1;
        SetUserVersion(newer);

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => _temp.Open());

        Assert.Contains($"schema version {newer}", e.Message);
        Assert.Contains($"version {SqliteDecisionLog.SchemaVersion} that", e.Message);
        Assert.Contains(_temp.FilePath, e.Message);
        Assert.Equal(newer, UserVersion());
    }

    [Fact]
    public void Open_NotADatabase_ThrowsNamingThePathAndLeavesTheFile()
    {
        byte[] content = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("this is a text file, not a database. ", 50)));
        File.WriteAllBytes(_temp.FilePath, content);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => _temp.Open());

        Assert.Contains(_temp.FilePath, e.Message);
        Assert.Contains("not a SQLite database", e.Message);
        Assert.Equal(content, File.ReadAllBytes(_temp.FilePath));
        Assert.False(File.Exists(_temp.FilePath + "-wal"));
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var options = new SqliteDecisionLogOptions
        {
            BatchSize = 0,
            FlushInterval = TimeSpan.Zero,
            BusyTimeout = TimeSpan.FromSeconds(-1),
            TimeProvider = null!,
        };

        ArgumentException e = Assert.Throws<ArgumentException>(() => new SqliteDecisionLog(options));

        Assert.Equal("options", e.ParamName);
        Assert.Contains("5 problems", e.Message);
        foreach (string name in new[] { "FilePath or ConnectionString must be given", "BatchSize", "FlushInterval", "BusyTimeout", "TimeProvider" })
        {
            Assert.Contains(name, e.Message);
        }
    }

    [Fact]
    public void Options_BothPathAndConnectionString_Throws()
    {
        var options = new SqliteDecisionLogOptions { FilePath = _temp.FilePath, ConnectionString = $"Data Source={_temp.FilePath}" };
        ArgumentException e = Assert.Throws<ArgumentException>(() => new SqliteDecisionLog(options));
        Assert.Equal("FilePath", e.ParamName);
        Assert.Contains("not both", e.Message);
    }

    [Fact]
    public void Options_BadConnectionString_Throws()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new SqliteDecisionLog(new SqliteDecisionLogOptions { ConnectionString = "Nonsense Keyword=1" }));
        Assert.Equal("ConnectionString", e.ParamName);
        Assert.Contains("not a valid SQLite connection string", e.Message);
    }

    [Fact]
    public void Open_ConnectionString_Works()
    {
        using (var log = new SqliteDecisionLog(new SqliteDecisionLogOptions { ConnectionString = $"Data Source={_temp.FilePath}" }))
        {
            log.Append(Record(1));
        }

        using SqliteDecisionLog reopened = _temp.Open();
        Assert.Equal(1, reopened.Count);
    }

    [Fact]
    public void AppendAndJoin_ManyThreads_CountsExact()
    {
        const int Threads = 4;
        const int PerThread = 2_000;
        int joined = 0;
        int duplicates = 0;
        using SqliteDecisionLog log = _temp.Open(batchSize: 64);
        Parallel.For(0, Threads + 1, new ParallelOptions { MaxDegreeOfParallelism = Threads + 1 }, t =>
        {
            if (t == Threads)
            {
                // A reader and flusher racing the writers.
                for (int i = 0; i < 50; i++)
                {
                    log.Flush();
                    _ = log.TryGet(DecisionId.Create(Start, 0, i + 1), out _);
                }

                return;
            }

            for (int i = 1; i <= PerThread; i++)
            {
                DecisionRecord record = Record(i) with { EventId = DecisionId.Create(Start, (ulong)t, i), DecisionPoint = $"p{t}" };
                log.Append(record);
                RewardJoinStatus status = log.JoinReward(record.EventId, 1, Start, Reject).Status;
                Assert.Equal(RewardJoinStatus.Joined, status);
                Interlocked.Increment(ref joined);
                if (i % 10 == 0)
                {
                    Assert.Equal(RewardJoinStatus.Duplicate, log.JoinReward(record.EventId, 1, Start, Reject).Status);
                    Interlocked.Increment(ref duplicates);
                }
            }
        });

        Assert.Equal(Threads * PerThread, log.Count);
        Assert.Equal(Threads * PerThread, joined);
        Assert.Equal(Threads * PerThread / 10, duplicates);
        IReadOnlyList<DecisionLogEntry> entries = log.Read();
        Assert.Equal(Threads * PerThread, entries.Select(e => e.Decision.EventId).Distinct().Count());
        Assert.All(entries, e => Assert.Equal((1.0, 1, true), (e.Reward!.Value, e.RewardCount, e.IsClosed)));
        for (int t = 0; t < Threads; t++)
        {
            Assert.Equal(Enumerable.Range(1, PerThread).Select(i => (long)i), log.Read($"p{t}").Select(e => e.Decision.Sequence));
        }
    }
}
