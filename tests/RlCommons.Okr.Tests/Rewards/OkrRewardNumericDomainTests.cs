using RlCommons.Okr.Dsl;
using RlCommons.Okr.Rewards;
using RlCommons.Okr.Tests.TestSupport;
using RlCommons.Rewards;
using RlCommons.Snapshots;

namespace RlCommons.Okr.Tests.Rewards;

/// <summary>
/// Regression tests of the hardening issue: a metric of −1e308 → 1e308 with normalization used to drive the total to ∞
/// and the normalizer to NaN, a state the reward's own snapshot loader rejects.
/// </summary>
public class OkrRewardNumericDomainTests
{
    private static readonly OkrRewardOptions Normalized = new() { NormalizeReward = true };

    [Fact]
    public void Compute_MetricBeyondDomain_ThrowsOutOfRangeNamingTheMetricsAndCountsNothing()
    {
        OkrReward reward = Trained(XOkr(target: 1));
        byte[] before = Payload(reward);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => reward.Compute(M.Of(("x", -1e308)), M.Of(("x", 1e308)), action: 1));
        Assert.Contains(ex.ParamName, new[] { "before", "after" });
        Assert.Contains("1E+015", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("before", Assert.Throws<ArgumentOutOfRangeException>(() => reward.Compute(M.Of(("x", -1.0000001e15)), M.Of(("x", 0)), action: 1)).ParamName);

        Assert.Equal(before, Payload(reward));
    }

    [Fact]
    public void Compute_TotalBeyondDomain_ThrowsOutOfRangeNamingAfterAndCountsNothing()
    {
        // Metrics in range, but a tiny target scales the progress term far beyond ±1e15.
        OkrReward reward = Trained(XOkr(target: 1e-300));
        byte[] before = Payload(reward);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => reward.Compute(M.Of(("x", 0)), M.Of(("x", 1)), action: 1));
        Assert.Equal("after", ex.ParamName);
        var viaTransition = Assert.Throws<ArgumentOutOfRangeException>(() => reward.Compute(new OkrTransition(M.Of(("x", 0)), M.Of(("x", 1)), 1, false)));
        Assert.Equal("transition", viaTransition.ParamName);

        Assert.Equal(before, Payload(reward));
        Assert.Equal(0, reward.GetActionCount(1));
    }

    [Fact]
    public void Compute_LargestAcceptedTotals_StateFiniteAndRoundTrips()
    {
        Okr okr = XOkr(target: 1);
        var reward = new OkrReward(okr, Normalized);
        for (int i = 0; i < 500; i++)
        {
            double to = i % 2 == 0 ? NumericDomain.Limit : -NumericDomain.Limit;
            RewardBreakdown b = reward.Compute(M.Of(("x", 0)), M.Of(("x", to)));
            Assert.True(double.IsFinite(b.Reward));
        }

        var restored = new OkrReward(okr, Normalized);
        Snapshot.Load(restored, Snapshot.ToBytes(reward));
        Assert.Equal(Payload(reward), Payload(restored));
    }

    private static Okr XOkr(double target) => Okr.Create("o").WithObjective("x").WithKeyResult("x", target, Direction.Maximize).Build();

    private static OkrReward Trained(Okr okr)
    {
        var reward = new OkrReward(okr, Normalized);
        reward.Compute(M.Of(("x", 0)), M.Of(("x", 0)), action: 0);
        reward.Compute(M.Of(("x", 0)), M.Of(("x", 0)), action: 0);
        return reward;
    }

    private static byte[] Payload(OkrReward reward)
    {
        var writer = new SnapshotWriter();
        reward.WriteSnapshot(writer);
        return writer.WrittenSpan.ToArray();
    }
}
