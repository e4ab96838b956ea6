using RlCommons.Monitoring.Metrics;
using RlCommons.Monitoring.Tests.TestSupport;

namespace RlCommons.Monitoring.Tests.Metrics;

public sealed class TrainingTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RecordEpisode_MoreThanWindow_AveragesOnlyTheLatest()
    {
        var tracker = new TrainingTracker("cartpole", new TrainingTrackerOptions { Window = 3 });

        foreach (int r in new[] { 10, 20, 30, 40, 50 })
        {
            tracker.RecordEpisode(r, r / 10);
        }

        TrainingSnapshot s = tracker.Snapshot();
        Assert.Equal(5, s.Episodes);
        Assert.Equal(40, s.MeanReturn, 1e-12);
        Assert.Equal(4, s.MeanLength, 1e-12);
        Assert.Equal(new EpisodePoint(5, 50, 40), s.History[^1]);
        Assert.Equal(new EpisodePoint(2, 20, 15), s.History[1]);
    }

    [Fact]
    public void RecordEpisode_BeyondHistoryCapacity_DropsTheOldest()
    {
        var tracker = new TrainingTracker("a", new TrainingTrackerOptions { Window = 2, HistoryCapacity = 3 });

        for (int i = 1; i <= 5; i++)
        {
            tracker.RecordEpisode(i, 1);
        }

        Assert.Equal([3L, 4L, 5L], tracker.Snapshot().History.Select(p => p.Episode));
    }

    [Fact]
    public void RecordLoss_PerTerm_KeepsSeparateRollingMeans()
    {
        var tracker = new TrainingTracker("a", new TrainingTrackerOptions { Window = 2 });

        tracker.RecordLoss("policy", 1);
        tracker.RecordLoss("policy", 2);
        tracker.RecordLoss("policy", 4);
        tracker.RecordLoss("value", 0.5);

        TrainingSnapshot s = tracker.Snapshot();
        Assert.Equal(3, s.MeanLosses["policy"], 1e-15);
        Assert.Equal(0.5, s.MeanLosses["value"], 1e-15);
    }

    [Fact]
    public void RecordEntropy_FallsBelowTenPercentOfReference_FlagsCollapse()
    {
        var tracker = new TrainingTracker("a", new TrainingTrackerOptions { Window = 4, ReferenceEntropy = Math.Log(4) });

        foreach (double h in new[] { 1.3, 1.0, 0.5, 0.2 })
        {
            tracker.RecordEntropy(h);
        }

        Assert.False(tracker.Snapshot().EntropyCollapsed);

        foreach (double h in new[] { 0.1, 0.1, 0.1, 0.1 })
        {
            tracker.RecordEntropy(h);
        }

        // Rolling mean 0.1 < 0.1 · ln 4 ≈ 0.1386.
        TrainingSnapshot s = tracker.Snapshot();
        Assert.Equal(0.1, s.MeanEntropy, 1e-15);
        Assert.True(s.EntropyCollapsed);
    }

    [Fact]
    public void RecordEntropy_NoReference_UsesTheFirstValue()
    {
        var tracker = new TrainingTracker("a", new TrainingTrackerOptions { Window = 2 });

        tracker.RecordEntropy(2);
        tracker.RecordEntropy(0.3);
        Assert.False(tracker.Snapshot().EntropyCollapsed);

        tracker.RecordEntropy(0.1);
        Assert.True(tracker.Snapshot().EntropyCollapsed);
    }

    [Fact]
    public void Snapshot_StepsOverManualClock_GivesStepsPerSecond()
    {
        var clock = new FakeTimeProvider(T0);
        var tracker = new TrainingTracker("a", timeProvider: clock);

        tracker.RecordSteps(500);
        tracker.RecordSteps(700);
        clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(300, tracker.Snapshot().StepsPerSecond, 1e-12);
        Assert.Equal(1200, tracker.Snapshot().Steps);
    }

    [Fact]
    public void Snapshot_NoTimePassed_ReportsZeroThroughput()
    {
        var tracker = new TrainingTracker("a", timeProvider: new FakeTimeProvider(T0));
        tracker.RecordSteps(5);

        Assert.Equal(0, tracker.Snapshot().StepsPerSecond);
    }

    [Fact]
    public void RecordEpisode_Segments_BreaksTheReturnDown()
    {
        var tracker = new TrainingTracker("a");

        tracker.RecordEpisode(10, 1, "gold");
        tracker.RecordEpisode(20, 1, "gold");
        tracker.RecordEpisode(1, 1, "basic");
        tracker.RecordEpisode(100, 1);

        TrainingSnapshot s = tracker.Snapshot();
        Assert.Equal(new SegmentSummary(2, 15), s.Segments["gold"]);
        Assert.Equal(new SegmentSummary(1, 1), s.Segments["basic"]);
        Assert.Equal(2, s.Segments.Count);
        Assert.Equal(131 / 4.0, s.MeanReturn, 1e-12);
    }

    [Fact]
    public void RecordEpisode_WithMetrics_ForwardsTheReturnToItsOwnInstrument()
    {
        using var metrics = new RlCommonsMetrics();
        using var recorder = new MeasurementRecorder(metrics.Meter);
        var tracker = new TrainingTracker("pricing", metrics: metrics);

        tracker.RecordEpisode(7, 3, "gold");
        tracker.RecordLoss("td", 0.5);

        Assert.Contains(recorder.Measurements, m => m.Instrument.Name == "rlcommons.episode.return" && m.Value == 7 && (string?)m.Tags["segment"] == "gold" && (string?)m.Tags["agent"] == "pricing");
        Assert.DoesNotContain(recorder.Measurements, m => m.Instrument.Name == "rlcommons.rewards");
        Assert.Contains(recorder.Measurements, m => m.Instrument.Name == "rlcommons.training.loss" && m.Value == 0.5);
    }

    [Fact]
    public void RecordEpisode_ConcurrentWriters_CountsEveryEpisode()
    {
        var tracker = new TrainingTracker("a", new TrainingTrackerOptions { Window = 10_000 });

        Parallel.For(0, 8_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            tracker.RecordEpisode(i % 2, 1, i % 4 == 0 ? "x" : "y");
            tracker.RecordSteps();
        });

        TrainingSnapshot s = tracker.Snapshot();
        Assert.Equal(8_000, s.Episodes);
        Assert.Equal(8_000, s.Steps);
        Assert.Equal(0.5, s.MeanReturn, 1e-12);
        Assert.Equal(2_000, s.Segments["x"].Episodes);
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingTracker("a", new TrainingTrackerOptions { Window = 0, EntropyCollapseFraction = 2 }));

        Assert.Contains("Window", e.Message, StringComparison.Ordinal);
        Assert.Contains("EntropyCollapseFraction", e.Message, StringComparison.Ordinal);
    }
}
