using RlCommons.Evaluation.Protocol;

namespace RlCommons.Evaluation.Tests.Protocol;

public sealed class DecisionSimulationTests
{
    // The acceptance scenario of the decision spine: 100,000 decisions, rewards out of order, 10% duplicated,
    // 5% after the window, 5% never.
    private static readonly Lazy<DecisionSimulationResult> Acceptance = new(() => DecisionSimulation.Run(new DecisionSimulationSettings(100_000, 0.10, 0.05, 0.05, 0.01, Seed: 0)));

    [Fact]
    public void Run_AcceptanceScenario_LearnsExactlyTheUniqueInWindowRewards()
    {
        DecisionSimulationResult r = Acceptance.Value;

        Assert.Equal(100_000, r.Decisions);
        Assert.Equal(100_000, r.Logged);
        Assert.Equal(r.Sent.InWindow, r.RewardsLearned);
        Assert.Equal(r.Sent.InWindowDuplicates, r.DuplicatesRejected);
        Assert.Equal(r.Sent.Late, r.Late);
        Assert.Equal(r.Sent.Orphans, r.Orphans);
        Assert.Equal(r.Decisions - r.Sent.InWindow, r.Missing);
        Assert.Equal(r.Sent.InWindow + r.Sent.InWindowDuplicates + r.Sent.Late + r.Sent.Orphans, r.RewardsReceived);

        // The rates hold roughly: 90% of decisions rewarded in the window, 10% of those sent twice.
        Assert.InRange(r.Sent.InWindow, 89_000, 91_000);
        Assert.InRange(r.Sent.InWindowDuplicates, 8_500, 9_500);
        Assert.InRange(r.Sent.NeverSent, 4_500, 5_500);
        Assert.InRange(r.Sent.Orphans, 800, 1_200);
    }

    [Fact]
    public void Run_AcceptanceScenario_OffPolicyIntervalCoversTheTrueValue()
    {
        DecisionSimulationResult r = Acceptance.Value;

        Assert.InRange(r.TrueValue, r.OpeCiLow, r.OpeCiHigh);
        Assert.True(r.OpeCiHigh - r.OpeCiLow < 0.05, $"interval [{r.OpeCiLow}, {r.OpeCiHigh}] is wider than 0.05");
    }

    [Fact]
    public void Run_OffPolicyIntervals_CoverTheTruthOnMostSeeds()
    {
        int covered = 0;
        for (int seed = 1; seed <= 20; seed++)
        {
            DecisionSimulationResult r = DecisionSimulation.Run(new DecisionSimulationSettings(5_000, 0.10, 0.05, 0.05, 0, seed));
            covered += r.OpeCiLow <= r.TrueValue && r.TrueValue <= r.OpeCiHigh ? 1 : 0;
            Assert.Equal(r.Sent.InWindow, r.RewardsLearned);
        }

        // 95% intervals: 20 seeds cover at least 16 times unless the interval is badly miscalibrated (P < 0.02 at 95%).
        Assert.True(covered >= 16, $"covered {covered} of 20");
    }

    [Fact]
    public void Run_SameSeed_SameCounts()
    {
        var settings = new DecisionSimulationSettings(3_000, 0.1, 0.05, 0.05, 0.01, 7);
        DecisionSimulationResult a = DecisionSimulation.Run(settings);
        DecisionSimulationResult b = DecisionSimulation.Run(settings);
        Assert.Equal(a with { Seconds = 0 }, b with { Seconds = 0 });
    }

    [Theory]
    [InlineData(5, 0.1, 0.05, 0.05, "--decisions")]
    [InlineData(100, 1.5, 0.05, 0.05, "--duplicate-rate")]
    [InlineData(100, 0.1, 0.6, 0.5, "--late-rate + --missing-rate")]
    [InlineData(100, 0.1, double.NaN, 0.05, "--late-rate")]
    public void Run_BadSettings_ThrowsNamingTheOption(int decisions, double duplicate, double late, double missing, string option)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => DecisionSimulation.Run(new DecisionSimulationSettings(decisions, duplicate, late, missing, 0, 0)));
        Assert.StartsWith(option, e.Message);
    }
}
