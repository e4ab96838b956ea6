using RlCommons.Decisions;

namespace RlCommons.Storage.Sqlite.Tests;

/// <summary>
/// The join-rule scenarios of the <see cref="IDecisionLog"/> contract, run against the in-memory log (the reference)
/// and the SQLite log, with the decision pending (not flushed) and flushed: every status must match the reference.
/// </summary>
public sealed class DecisionLogScenarios
{
    internal static readonly DateTimeOffset Start = DecisionRecords.Start;
    private static readonly RewardJoinRules Reject = new(TimeSpan.FromMinutes(10), DuplicateRewardHandling.Reject);
    private static readonly RewardJoinRules Sum = new(TimeSpan.FromMinutes(10), DuplicateRewardHandling.Sum);

    internal static DecisionRecord Record(long sequence, string point = "p", int secondsAfterStart = 0)
        => DecisionRecords.Make(sequence, point, secondsAfterStart);

    /// <summary>The logs under test: in memory, SQLite with the decisions pending, SQLite with them flushed.</summary>
    public static TheoryData<string> Logs => new() { "memory", "sqlite-pending", "sqlite-flushed" };

    /// <summary>Runs <paramref name="scenario"/> against a fresh log of kind <paramref name="kind"/>; <c>flush</c> is called between appends and joins.</summary>
    private static void Run(string kind, Action<IDecisionLog, Action> scenario)
    {
        if (kind == "memory")
        {
            scenario(new InMemoryDecisionLog(), () => { });
            return;
        }

        using var temp = new TempDatabase();
        using SqliteDecisionLog log = temp.Open();
        scenario(log, kind == "sqlite-flushed" ? log.Flush : () => { });
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void JoinReward_RejectRules_JoinedThenDuplicate(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(1));
        flush();
        RewardJoinResult first = log.JoinReward(Record(1).EventId, 0.8, Start.AddMinutes(5), Reject);
        RewardJoinResult second = log.JoinReward(Record(1).EventId, 0, Start.AddMinutes(6), Reject);

        Assert.Equal(RewardJoinStatus.Joined, first.Status);
        Assert.Equal(Record(1).EventId, first.Decision!.EventId);
        Assert.Equal(RewardJoinStatus.Duplicate, second.Status);
        Assert.True(log.TryGet(Record(1).EventId, out DecisionLogEntry? entry));
        Assert.Equal(new DecisionLogEntry(entry.Decision, 0.8, 1, true, false), entry);
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void JoinReward_AtTheEndOfTheWindow_Joined(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(1));
        flush();
        Assert.Equal(RewardJoinStatus.Joined, log.JoinReward(Record(1).EventId, 1, Start.AddMinutes(10), Reject).Status);
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void JoinReward_AfterTheWindow_LateAndNothingChanges(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(1));
        flush();
        RewardJoinResult late = log.JoinReward(Record(1).EventId, 1, Start.AddMinutes(10).AddTicks(1), Reject);

        Assert.Equal(RewardJoinStatus.Late, late.Status);
        Assert.Equal(Record(1).EventId, late.Decision!.EventId);
        Assert.True(log.TryGet(Record(1).EventId, out DecisionLogEntry? entry));
        Assert.Null(entry.Reward);
        Assert.False(entry.IsClosed);
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void JoinReward_UnknownEventId_UnknownWithoutDecision(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(1));
        flush();
        RewardJoinResult result = log.JoinReward(Record(2).EventId, 1, Start, Reject);
        Assert.Equal(RewardJoinStatus.Unknown, result.Status);
        Assert.Null(result.Decision);
        Assert.False(log.TryGet(Record(2).EventId, out _));
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void JoinReward_SumRules_CombinesThenLateAfterTheWindow(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(1));
        flush();
        Assert.Equal(RewardJoinStatus.Joined, log.JoinReward(Record(1).EventId, 0.5, Start.AddMinutes(1), Sum).Status);
        Assert.Equal(RewardJoinStatus.Combined, log.JoinReward(Record(1).EventId, 0.25, Start.AddMinutes(2), Sum).Status);
        Assert.Equal(RewardJoinStatus.Late, log.JoinReward(Record(1).EventId, 1, Start.AddMinutes(11), Sum).Status);

        DecisionLogEntry closed = Assert.Single(log.CloseExpired("p", Start.AddMinutes(1), defaultReward: 0, maxCount: 10));
        Assert.Equal(new DecisionLogEntry(closed.Decision, 0.75, 2, true, false), closed);
        Assert.Equal(RewardJoinStatus.Late, log.JoinReward(Record(1).EventId, 1, Start.AddMinutes(3), Sum).Status);
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void JoinReward_AfterClosedWithoutReward_Late(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(1));
        flush();
        DecisionLogEntry closed = Assert.Single(log.CloseExpired("p", Start, defaultReward: 0, maxCount: 10));
        Assert.Equal(new DecisionLogEntry(closed.Decision, 0, 0, true, true), closed);

        Assert.Equal(RewardJoinStatus.Late, log.JoinReward(Record(1).EventId, 1, Start.AddMinutes(1), Reject).Status);
        Assert.Equal(RewardJoinStatus.Late, log.JoinReward(Record(1).EventId, 1, Start.AddMinutes(1), Sum).Status);
        Assert.True(log.TryGet(Record(1).EventId, out DecisionLogEntry? entry));
        Assert.Equal(closed, entry with { Decision = closed.Decision });
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void JoinReward_RejectAfterSumReward_Duplicate(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(1));
        flush();
        log.JoinReward(Record(1).EventId, 1, Start, Sum);
        Assert.Equal(RewardJoinStatus.Duplicate, log.JoinReward(Record(1).EventId, 1, Start.AddHours(1), Reject).Status);
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void JoinReward_NotFinite_ThrowsAndChangesNothing(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(1));
        flush();
        foreach (double reward in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => log.JoinReward(Record(1).EventId, reward, Start, Reject));
            Assert.Equal("reward", e.ParamName);
        }

        Assert.True(log.TryGet(Record(1).EventId, out DecisionLogEntry? entry));
        Assert.Null(entry.Reward);
        Assert.Equal(RewardJoinStatus.Joined, log.JoinReward(Record(1).EventId, 1, Start, Reject).Status);
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void CloseExpired_StopsAtOpenWindowsAndRespectsMaxCount(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(1, secondsAfterStart: 0));
        log.Append(Record(2, secondsAfterStart: 1));
        log.Append(Record(3, secondsAfterStart: 100));
        log.Append(Record(4, "other", secondsAfterStart: 0));
        flush();

        Assert.Equal(1L, Assert.Single(log.CloseExpired("p", Start.AddSeconds(50), null, maxCount: 1)).Decision.Sequence);
        DecisionLogEntry second = Assert.Single(log.CloseExpired("p", Start.AddSeconds(50), null, maxCount: 10));
        Assert.Equal(new DecisionLogEntry(second.Decision, null, 0, true, false), second);
        Assert.Equal(2L, second.Decision.Sequence);
        Assert.Empty(log.CloseExpired("p", Start.AddSeconds(50), null, maxCount: 10));
        Assert.Empty(log.CloseExpired("nobody", Start.AddSeconds(50), null, maxCount: 10));
        Assert.False(Assert.Single(log.Read("other")).IsClosed);
        Assert.False(log.Read("p")[2].IsClosed);
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void CloseExpired_RewardedUnderReject_NotReturnedAgain(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(1));
        log.Append(Record(2));
        flush();
        log.JoinReward(Record(1).EventId, 1, Start, Reject);

        DecisionLogEntry closed = Assert.Single(log.CloseExpired("p", Start, defaultReward: 0, maxCount: 10));
        Assert.Equal(2L, closed.Decision.Sequence);
        Assert.True(closed.IsDefaultReward);
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void CloseExpired_BadArguments_Throw(string kind) => Run(kind, (log, _) =>
    {
        Assert.Equal("maxCount", Assert.Throws<ArgumentOutOfRangeException>(() => log.CloseExpired("p", Start, null, 0)).ParamName);
        Assert.Equal("defaultReward", Assert.Throws<ArgumentOutOfRangeException>(() => log.CloseExpired("p", Start, double.NaN, 1)).ParamName);
        Assert.Equal("decisionPoint", Assert.Throws<ArgumentNullException>(() => log.CloseExpired(null!, Start, null, 1)).ParamName);
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void Append_SameEventIdTwice_ThrowsAndKeepsOne(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(1));
        flush();
        ArgumentException e = Assert.Throws<ArgumentException>(() => log.Append(Record(1) with { Action = 3 }));
        Assert.Equal("record", e.ParamName);
        Assert.Contains(Record(1).EventId.ToString(), e.Message);
        Assert.Equal(1, log.Count);
        Assert.Equal(0, Assert.Single(log.Read()).Decision.Action);
    });

    [Theory]
    [MemberData(nameof(Logs))]
    public void Read_ByPointInAppendOrder_AndReadRewarded(string kind) => Run(kind, (log, flush) =>
    {
        log.Append(Record(3, "b"));
        log.Append(Record(1, "a"));
        log.Append(Record(2, "b"));
        flush();
        log.JoinReward(Record(2).EventId, 0.5, Start, Reject);

        Assert.Equal([3L, 1L, 2L], log.Read().Select(e => e.Decision.Sequence));
        Assert.Equal([3L, 2L], log.Read("b").Select(e => e.Decision.Sequence));
        Assert.Equal(2L, Assert.Single(log.ReadRewarded()).Decision.Sequence);
        Assert.Equal(3, log.Count);
    });
}
