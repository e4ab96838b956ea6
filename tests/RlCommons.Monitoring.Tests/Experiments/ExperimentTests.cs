using RlCommons.Assignment;
using RlCommons.Monitoring.Experiments;
using RlCommons.Monitoring.Metrics;
using RlCommons.Monitoring.Statistics;
using RlCommons.Monitoring.Tests.TestSupport;

namespace RlCommons.Monitoring.Tests.Experiments;

public sealed class ExperimentTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private static Experiment TwoArms(TimeProvider? time = null, double control = 0.5, double treatment = 0.5)
        => new("checkout-button", [new ExperimentVariant("control", control), new ExperimentVariant("green", treatment)], time);

    [Fact]
    public void Assign_SameUnit_IsStickyAndEqualsTrafficHashBucket()
    {
        Experiment e = TwoArms(control: 0.7, treatment: 0.3);

        for (int u = 0; u < 200; u++)
        {
            string unit = $"user-{u}";
            int expected = TrafficHash.Bucket(unit, "checkout-button", [0.7, 0.3]);
            Assert.Equal(e.Variants[expected], e.Assign(unit));
            Assert.Equal(e.Assign(unit), e.Assign(unit));
        }
    }

    [Fact]
    public void Assign_WithStratum_HashesWithinTheStratumKey()
    {
        Experiment e = TwoArms();

        int differing = 0;
        for (int u = 0; u < 200; u++)
        {
            string unit = $"user-{u}";
            int expected = TrafficHash.Bucket(unit, "checkout-button\nDE", [0.5, 0.5]);
            Assert.Equal(e.Variants[expected], e.Assign(unit, "DE"));
            differing += e.Assign(unit, "DE") == e.Assign(unit) ? 0 : 1;
        }

        // Independent randomisation per stratum: about half the units land elsewhere than without a stratum.
        Assert.InRange(differing, 70, 130);
    }

    [Fact]
    public void RecordExposure_TenThousandUnitsSeventyThirty_PassesSampleRatioCheck()
    {
        Experiment e = TwoArms(control: 0.7, treatment: 0.3);
        e.Start();

        for (int u = 0; u < 10_000; u++)
        {
            e.RecordExposure($"u{u}");
        }

        long[] counts = e.ExposureCounts();
        Assert.Equal(10_000, counts.Sum());
        Assert.False(SampleRatioMismatch.Check(counts, [0.7, 0.3]).IsMismatch);
        Assert.InRange(counts[0], 6_800, 7_200);
    }

    [Fact]
    public void Lifecycle_DraftRunningCompleted_StampsTimesFromTheClock()
    {
        var clock = new FakeTimeProvider(T0);
        Experiment e = TwoArms(clock);
        Assert.Equal(ExperimentState.Draft, e.State);

        e.Start();
        clock.Advance(TimeSpan.FromMinutes(5));
        e.RecordExposure("alice");
        clock.Advance(TimeSpan.FromDays(7));
        e.Complete();

        Assert.Equal(ExperimentState.Completed, e.State);
        Assert.Equal(T0, e.StartedAt);
        Assert.Equal(T0 + TimeSpan.FromMinutes(5), e.GetExposure("alice")!.At);
        Assert.Equal(T0 + TimeSpan.FromMinutes(5) + TimeSpan.FromDays(7), e.EndedAt);
    }

    [Fact]
    public void Start_Twice_ThrowsNamingTheState()
    {
        Experiment e = TwoArms();
        e.Start();

        var ex = Assert.Throws<InvalidOperationException>(e.Start);

        Assert.Contains("is Running", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_Draft_Throws()
    {
        Experiment e = TwoArms();

        Assert.Throws<InvalidOperationException>(e.Stop);
        Assert.Throws<InvalidOperationException>(e.Complete);
    }

    [Fact]
    public void Complete_AfterStop_Throws()
    {
        Experiment e = TwoArms();
        e.Start();
        e.Stop();

        var ex = Assert.Throws<InvalidOperationException>(e.Complete);

        Assert.Contains("Stopped", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordExposure_Draft_Throws()
    {
        Experiment e = TwoArms();

        var ex = Assert.Throws<InvalidOperationException>(() => e.RecordExposure("alice"));

        Assert.Contains("running", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordExposure_AfterStop_Throws()
    {
        Experiment e = TwoArms();
        e.Start();
        e.RecordExposure("alice");
        e.Stop();

        Assert.Throws<InvalidOperationException>(() => e.RecordExposure("bob"));
        Assert.Throws<InvalidOperationException>(() => e.RecordObservation("alice", "revenue", 1));
        Assert.Equal(1, e.ExposedUnits);
    }

    [Fact]
    public void RecordObservation_UnexposedUnit_ThrowsNamingUnitId()
    {
        Experiment e = TwoArms();
        e.Start();

        var ex = Assert.Throws<ArgumentException>(() => e.RecordObservation("ghost", "revenue", 1));

        Assert.Equal("unitId", ex.ParamName);
    }

    [Fact]
    public void RecordExposure_OtherStratumLater_Throws()
    {
        Experiment e = TwoArms();
        e.Start();
        e.RecordExposure("alice", "DE");

        var ex = Assert.Throws<ArgumentException>(() => e.RecordExposure("alice", "FR"));

        Assert.Equal("stratum", ex.ParamName);
    }

    [Fact]
    public void Constructor_DuplicateNames_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Experiment("k", [new("a", 1), new("a", 1)]));

        Assert.Equal("variants", ex.ParamName);
        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ControlWithZeroWeight_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Experiment("k", [new("a", 0), new("b", 1)]));

        Assert.Equal("variants", ex.ParamName);
        Assert.Contains("control", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OneVariant_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Experiment("k", [new("a", 1)]));

        Assert.Equal("variants", ex.ParamName);
    }

    [Fact]
    public void RecordObservation_ConcurrentWriters_LosesNothing()
    {
        Experiment e = TwoArms();
        e.Start();
        const int Units = 4_000;

        Parallel.For(0, Units, new ParallelOptions { MaxDegreeOfParallelism = 8 }, u =>
        {
            string unit = $"u{u % (Units / 2)}";
            e.RecordExposure(unit);
            e.RecordObservation(unit, "clicks", u);
            e.RecordObservation(unit, "clicks", 1);
        });

        // Each of the 2,000 units was written by two iterations; nothing may be lost or double counted.
        ExperimentAnalysis a = e.Analyze("clicks", new ExperimentAnalysisOptions { MinimumUnitsPerVariant = 2 });
        Assert.Equal(Units / 2, e.ExposedUnits);
        Assert.Equal(Units / 2, a.Variants.Sum(v => v.Units));
        double expectedTotal = (Units * (Units - 1) / 2.0) + Units;
        Assert.Equal(expectedTotal, a.Variants.Sum(v => v.Mean * v.Units), 1e-6);
    }

    [Fact]
    public void Analyze_RecordedObservations_MatchWelchOnPerUnitTotals()
    {
        Experiment e = TwoArms();
        e.Start();
        var control = new List<double>();
        var green = new List<double>();
        for (int u = 0; u < 300; u++)
        {
            string unit = $"u{u}";
            ExperimentVariant v = e.RecordExposure(unit);
            // Units without observations count as 0; others sum two observations.
            double total = 0;
            if (u % 3 != 0)
            {
                double bonus = v.Name == "green" ? 1.5 : 0;
                e.RecordObservation(unit, "revenue", (u % 7) + bonus);
                e.RecordObservation(unit, "revenue", 1);
                total = (u % 7) + bonus + 1;
            }

            (v.Name == "green" ? green : control).Add(total);
        }

        ExperimentAnalysis a = e.Analyze("revenue");

        TTestResult welch = TTest.Welch(green.ToArray(), control.ToArray());
        VariantComparison c = Assert.Single(a.Comparisons);
        Assert.Equal(welch.MeanDifference, c.AbsoluteLift, 1e-12);
        Assert.Equal(welch.PValue, c.PValue, 1e-15);
        Assert.Equal(welch.Interval.Low, c.AbsoluteLiftInterval.Low, 1e-12);
        Assert.Equal(control.Average(), a.Variants[0].Mean, 1e-12);
        Assert.Equal(control.Count, a.Variants[0].Units);
        Assert.Equal("control", a.ControlName);
    }

    [Fact]
    public void RecordExposure_WithMetrics_CountsFirstExposuresOnly()
    {
        using var metrics = new RlCommonsMetrics();
        using var recorder = new MeasurementRecorder(metrics.Meter);
        var e = new Experiment("k", [new("a", 1), new("b", 1)], metrics: metrics);
        e.Start();

        ExperimentVariant v = e.RecordExposure("alice");
        e.RecordExposure("alice");

        var m = Assert.Single(recorder.Measurements);
        Assert.Equal("rlcommons.experiment.exposures", m.Instrument.Name);
        Assert.Equal(v.Name, m.Tags["variant"]);
        Assert.Equal("k", m.Tags["experiment"]);
    }

    [Fact]
    public void Analyze_NoExposures_Throws()
    {
        Experiment e = TwoArms();

        Assert.Throws<InvalidOperationException>(() => e.Analyze("revenue"));
    }
}
