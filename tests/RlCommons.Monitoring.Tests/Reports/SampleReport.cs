using RlCommons.Monitoring.Experiments;
using RlCommons.Monitoring.Metrics;
using RlCommons.Monitoring.Reports;
using RlCommons.Monitoring.Tests.TestSupport;

namespace RlCommons.Monitoring.Tests.Reports;

/// <summary>A report with every section filled from deterministic data.</summary>
internal static class SampleReport
{
    public static MonitoringReport Build(string title = "Pricing agent <weekly> & \"friends\"")
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero));
        var tracker = new TrainingTracker("pricing", new TrainingTrackerOptions { Window = 20, ReferenceEntropy = Math.Log(3) }, clock);
        for (int episode = 1; episode <= 300; episode++)
        {
            // A learning-curve shape with a deterministic wobble.
            double r = (200 * (1 - Math.Exp(-episode / 80.0))) + (25 * Math.Sin(episode * 1.7));
            tracker.RecordEpisode(r, 50 + (episode % 30), episode % 3 == 0 ? "gold" : "basic");
            tracker.RecordSteps(50 + (episode % 30));
            tracker.RecordLoss("policy", 1.0 / episode);
            tracker.RecordEntropy(Math.Log(3) * Math.Exp(-episode / 150.0));
        }

        clock.Advance(TimeSpan.FromSeconds(30));
        var experiment = new Experiment("price-test", [new ExperimentVariant("control", 1), new ExperimentVariant("dynamic <b>", 1)], clock);
        experiment.Start();
        for (int u = 0; u < 2_000; u++)
        {
            string unit = $"u{u}";
            ExperimentVariant v = experiment.RecordExposure(unit);
            experiment.RecordObservation(unit, "revenue", (u % 13) + (v.Name == "control" ? 0 : 0.8));
        }

        return new MonitoringReport
        {
            Title = title,
            GeneratedAt = clock.GetUtcNow(),
            Training = [new TrainingRun("pricing / simulator", tracker.Snapshot())],
            Experiments = [experiment.Analyze("revenue")],
            SafetyInterventions = [new("max-discount", "block", 42), new("budget", "fallback", 7), new("<script>", "override", 1)],
            Okrs = [new("Revenue +5%", 0.64), new("Churn below 2%", 0.3), new("Fairness gap < 1pt", 1)],
        };
    }
}
