using RlCommons.Decisions;

namespace RlCommons.Core.Tests.Decisions;

public class InMemoryDecisionLogTests
{
    private static readonly DateTimeOffset Start = DecisionRecords.Start;
    private static readonly RewardJoinRules Rules = new(TimeSpan.FromMinutes(10), DuplicateRewardHandling.Reject);

    private static DecisionRecord Record(long sequence, string point = "p", int secondsAfterStart = 0)
        => DecisionRecords.Make(sequence, point, secondsAfterStart);

    [Fact]
    public void Append_FullBoundedLog_EvictsTheOldest()
    {
        var log = new InMemoryDecisionLog(capacity: 3);
        for (int i = 1; i <= 5; i++)
        {
            log.Append(Record(i));
        }

        Assert.Equal(3, log.Count);
        Assert.Equal(2, log.Evicted);
        Assert.Equal([3L, 4L, 5L], log.Read().Select(e => e.Decision.Sequence));
        Assert.False(log.TryGet(Record(1).EventId, out _));
        Assert.Equal(RewardJoinStatus.Unknown, log.JoinReward(Record(2).EventId, 1, Start, Rules).Status);
        Assert.Equal(RewardJoinStatus.Joined, log.JoinReward(Record(3).EventId, 1, Start, Rules).Status);
    }

    [Fact]
    public void CloseExpired_BoundedLogAfterEviction_ClosesOnlyWhatItHolds()
    {
        var log = new InMemoryDecisionLog(capacity: 2);
        for (int i = 1; i <= 4; i++)
        {
            log.Append(Record(i));
        }

        IReadOnlyList<DecisionLogEntry> closed = log.CloseExpired("p", Start.AddHours(1), defaultReward: 0, maxCount: 10);

        Assert.Equal([3L, 4L], closed.Select(e => e.Decision.Sequence));
        Assert.All(closed, e => Assert.True(e.IsDefaultReward));
    }

    [Fact]
    public void CloseExpired_StopsAtTheFirstOpenWindowAndRespectsMaxCount()
    {
        var log = new InMemoryDecisionLog();
        log.Append(Record(1, secondsAfterStart: 0));
        log.Append(Record(2, secondsAfterStart: 1));
        log.Append(Record(3, secondsAfterStart: 100));
        log.Append(Record(4, "other", secondsAfterStart: 0));

        Assert.Single(log.CloseExpired("p", Start.AddSeconds(50), null, maxCount: 1));
        Assert.Single(log.CloseExpired("p", Start.AddSeconds(50), null, maxCount: 10));
        Assert.Empty(log.CloseExpired("p", Start.AddSeconds(50), null, maxCount: 10));
        Assert.Empty(log.CloseExpired("nobody", Start.AddSeconds(50), null, maxCount: 10));
        Assert.Single(log.Read("other"));
        Assert.False(log.Read("other")[0].IsClosed);
    }

    [Fact]
    public void JoinReward_NotFinite_ThrowsAndChangesNothing()
    {
        var log = new InMemoryDecisionLog();
        log.Append(Record(1));
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => log.JoinReward(Record(1).EventId, double.NaN, Start, Rules));
        Assert.Equal("reward", e.ParamName);
        Assert.True(log.TryGet(Record(1).EventId, out DecisionLogEntry? entry));
        Assert.Null(entry.Reward);
    }

    [Fact]
    public void Constructor_NonPositiveCapacity_Throws()
    {
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryDecisionLog(0)).ParamName);
    }

    [Fact]
    public void ReadRewarded_SkipsDecisionsWithoutReward()
    {
        var log = new InMemoryDecisionLog();
        log.Append(Record(1));
        log.Append(Record(2));
        log.JoinReward(Record(2).EventId, 0.5, Start, Rules);
        Assert.Equal(2L, Assert.Single(log.ReadRewarded()).Decision.Sequence);
    }

    [Fact]
    public void FromHistory_MakesAClosedRewardedEntry()
    {
        DecisionLogEntry e = DecisionLogEntry.FromHistory(4, new float[] { 1f, 2f }, 3, 0.25, 1.5);
        Assert.Equal(3, e.Decision.Action);
        Assert.Equal(0.25, e.Decision.Propensity);
        Assert.Equal(1.5, e.Reward);
        Assert.True(e.IsClosed);
        Assert.Equal(DecisionLogEntry.HistoryDecisionPoint, e.Decision.DecisionPoint);
        Assert.NotEqual(DecisionLogEntry.FromHistory(5, new float[] { 1f }, 0, 1, 0).Decision.EventId, e.Decision.EventId);
        Assert.Equal("action", Assert.Throws<ArgumentOutOfRangeException>(() => DecisionLogEntry.FromHistory(0, new float[] { 1f }, -1, 1, 0)).ParamName);
    }
}
