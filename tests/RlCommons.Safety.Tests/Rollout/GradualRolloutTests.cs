using RlCommons.Assignment;
using RlCommons.Safety.Rollout;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Rollout;

public sealed class GradualRolloutTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly RolloutStep[] Schedule =
    [
        new(TimeSpan.FromDays(1), 0.01),
        new(TimeSpan.FromDays(7), 0.10),
        new(TimeSpan.FromDays(30), 0.50),
    ];

    [Theory]
    [InlineData(-1.0, 0.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(0.999, 0.0)]
    [InlineData(1.0, 0.01)]
    [InlineData(6.99, 0.01)]
    [InlineData(7.0, 0.10)]
    [InlineData(29.999, 0.10)]
    [InlineData(30.0, 0.50)]
    [InlineData(400.0, 0.50)]
    public void CurrentShare_AcrossStepBoundaries_FollowsSchedule(double days, double expected)
    {
        var clock = new FakeTimeProvider(Start + TimeSpan.FromDays(days));
        var rollout = new GradualRollout("r", Schedule, Start, clock);

        Assert.Equal(expected, rollout.CurrentShare);
    }

    [Fact]
    public void Includes_AsShareGrows_UnitsOnlyJoin()
    {
        var clock = new FakeTimeProvider(Start + TimeSpan.FromDays(1));
        var rollout = new GradualRollout("r", Schedule, Start, clock);
        string[] units = [.. Enumerable.Range(0, 2000).Select(i => $"user-{i}")];
        var inAtOne = units.Where(rollout.Includes).ToHashSet();
        clock.Advance(TimeSpan.FromDays(6));
        var inAtTen = units.Where(rollout.Includes).ToHashSet();

        Assert.Subset(inAtTen, inAtOne);
        Assert.InRange(inAtTen.Count, 150, 250);
        Assert.All(units, u => Assert.Equal(TrafficHash.IsInShare(u, "r", 0.10), inAtTen.Contains(u)));
    }

    [Fact]
    public void Hold_TimePasses_ShareFrozenAndScheduleShiftedOnResume()
    {
        var clock = new FakeTimeProvider(Start + TimeSpan.FromDays(2));
        var rollout = new GradualRollout("r", Schedule, Start, clock);
        rollout.Hold();
        clock.Advance(TimeSpan.FromDays(10));

        Assert.Equal(0.01, rollout.CurrentShare);
        Assert.Equal(RolloutState.Held, rollout.State);
        rollout.Resume();
        clock.Advance(TimeSpan.FromDays(4.9));
        Assert.Equal(0.01, rollout.CurrentShare);
        clock.Advance(TimeSpan.FromDays(0.1));
        Assert.Equal(0.10, rollout.CurrentShare);
    }

    [Fact]
    public void Pause_RoutesNobodyUntilResume()
    {
        var clock = new FakeTimeProvider(Start + TimeSpan.FromDays(8));
        var rollout = new GradualRollout("r", Schedule, Start, clock);
        rollout.Pause();

        Assert.Equal(0, rollout.CurrentShare);
        Assert.False(rollout.Includes("anyone"));
        rollout.Resume();
        Assert.Equal(0.10, rollout.CurrentShare);
    }

    [Fact]
    public void Advance_MovesToNextStepNowAndKeepsCadence()
    {
        var clock = new FakeTimeProvider(Start + TimeSpan.FromDays(2));
        var rollout = new GradualRollout("r", Schedule, Start, clock);

        Assert.True(rollout.Advance());
        Assert.Equal(0.10, rollout.CurrentShare);
        clock.Advance(TimeSpan.FromDays(23));
        Assert.Equal(0.50, rollout.CurrentShare);
        Assert.False(rollout.Advance());
    }

    [Fact]
    public void Constructor_DecreasingShares_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GradualRollout("r", [new(TimeSpan.Zero, 0.5), new(TimeSpan.FromDays(1), 0.1)], Start, TimeProvider.System));
        Assert.Equal("schedule", ex.ParamName);
    }
}
