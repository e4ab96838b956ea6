using RlCommons.Okr.Dsl;
using RlCommons.Okr.Integration;
using RlCommons.Okr.Rewards;
using RlCommons.Okr.Tests.TestSupport;
using RlCommons.Rewards;

namespace RlCommons.Okr.Tests.Integration;

public class OkrRewardTrackerTests
{
    private static readonly Okr Revenue = Okr.Create("o").WithObjective("x").WithKeyResult("revenue", 100, Direction.Maximize).Build();

    [Fact]
    public void Observe_Sequence_RewardsEachMoveFromThePreviousMetrics()
    {
        var tracker = new OkrRewardTracker(new OkrReward(Revenue, new OkrRewardOptions { ExplorationScale = 0 }));
        var metrics = new Dictionary<string, double> { ["revenue"] = 10 };
        tracker.Start(metrics);

        metrics["revenue"] = 30;   // the tracker copied the start snapshot, so mutating the caller's dictionary is safe
        double first = tracker.Observe(metrics).Reward;
        metrics["revenue"] = 25;
        double second = tracker.Observe(metrics).Reward;

        Assert.Equal(0.2, first, 15);
        Assert.Equal(-0.05, second, 15);
        Assert.Equal(-0.05, tracker.LastBreakdown!.Total, 15);
    }

    [Fact]
    public void Observe_DocsExample_GivesTheWorkedExample()
    {
        Okr okr = RevenueOkr.Build();

        // Mirrors docs/okr.md, "Agents and environments".
        var tracker = new OkrRewardTracker(new OkrReward(okr));
        tracker.Start(new Dictionary<string, double> { ["monthly_recurring_revenue"] = 50_000, ["customer_satisfaction"] = 0.80, ["churn_rate"] = 0.04 });
        RewardBreakdown r = tracker.Observe(
            new Dictionary<string, double> { ["monthly_recurring_revenue"] = 60_000, ["customer_satisfaction"] = 0.81, ["churn_rate"] = 0.06 },
            action: 2);

        Assert.Equal(-1.835555555556, r.Total, 12);
        Assert.Equal(r.Total, r.Reward);
    }

    [Fact]
    public void Observe_BeforeStart_Throws()
    {
        var tracker = new OkrRewardTracker(new OkrReward(Revenue));

        var ex = Assert.Throws<InvalidOperationException>(() => tracker.Observe(M.Of(("revenue", 1))));

        Assert.Equal("Call Start with the initial metrics before observing a step.", ex.Message);
    }

    [Fact]
    public void Observe_MissingMetric_KeepsThePreviousSnapshot()
    {
        var tracker = new OkrRewardTracker(new OkrReward(Revenue, new OkrRewardOptions { ExplorationScale = 0 }));
        tracker.Start(M.Of(("revenue", 10)));

        Assert.Throws<ArgumentException>(() => tracker.Observe(M.Of(("sales", 1))));

        Assert.Equal(0.1, tracker.Observe(M.Of(("revenue", 20))).Reward, 15);
    }

    [Fact]
    public void Observe_Concurrent_FormsOneChainOfTransitions()
    {
        var tracker = new OkrRewardTracker(new OkrReward(Revenue, new OkrRewardOptions { ExplorationScale = 0 }));
        tracker.Start(M.Of(("revenue", 0)));
        double sum = 0;
        var gate = new Lock();

        // Every thread reports a rising revenue; whatever the interleaving, the rewards telescope to (last − first) / 100.
        Parallel.For(1, 2001, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            double r = tracker.Observe(M.Of(("revenue", i % 7))).Total;
            lock (gate)
            {
                sum += r;
            }
        });

        double last = tracker.Observe(M.Of(("revenue", 50))).Total;
        Assert.Equal(0.5, sum + last, 10);
    }
}
