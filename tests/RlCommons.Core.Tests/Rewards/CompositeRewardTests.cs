using RlCommons.Rewards;

namespace RlCommons.Core.Tests.Rewards;

public class CompositeRewardTests
{
    private static CompositeReward<Outcome> Reward() => CompositeReward.Create<Outcome>()
        .Add("quality", 0.5, o => o.Quality)
        .Add("latency", -0.25, o => o.LatencySeconds)
        .Add("cost", 2.0, o => o.Cost)
        .Override("error", o => o.Failed, -0.5)
        .Override("timeout", o => o.LatencySeconds > 30, -1.0)
        .Build();

    [Fact]
    public void Compute_NoOverride_IsWeightedSum()
    {
        // 0.5·0.8 − 0.25·2 + 2·0.125 = 0.4 − 0.5 + 0.25.
        double expected = (0.5 * 0.8) + (-0.25 * 2.0) + (2.0 * 0.125);

        Assert.Equal(expected, Reward().Compute(new Outcome(0.8, 2.0, 0.125, false)));
        Assert.Equal(0.15, Reward().Compute(new Outcome(0.8, 2.0, 0.125, false)), 1e-15);
    }

    [Fact]
    public void Explain_NoOverride_TotalEqualsComputeAndTermsAreListed()
    {
        var outcome = new Outcome(0.8, 2.0, 0.125, false);
        CompositeReward<Outcome> reward = Reward();

        RewardBreakdown breakdown = reward.Explain(outcome);

        Assert.Equal(reward.Compute(outcome), breakdown.Total);
        Assert.Equal(breakdown.Total, breakdown.Reward);
        Assert.Null(breakdown.AppliedOverride);
        Assert.Equal(
            [new RewardTerm("quality", 0.5, 0.8), new RewardTerm("latency", -0.25, 2.0), new RewardTerm("cost", 2.0, 0.125)],
            breakdown.Terms);
        Assert.Equal(breakdown.Total, breakdown.Terms.Sum(t => t.Contribution), 1e-15);
        Assert.Equal(-0.5, breakdown["latency"].Contribution);
    }

    [Fact]
    public void Compute_OverrideMatches_ReturnsOverrideValue()
        => Assert.Equal(-0.5, Reward().Compute(new Outcome(1.0, 1.0, 0, true)));

    [Fact]
    public void Compute_TwoOverridesMatch_FirstAddedWins()
        => Assert.Equal(-0.5, Reward().Compute(new Outcome(1.0, 60.0, 0, true)));

    [Fact]
    public void Explain_OverrideMatches_ReportsOverrideAndTerms()
    {
        RewardBreakdown breakdown = Reward().Explain(new Outcome(1.0, 60.0, 0.5, false));

        Assert.Equal("timeout", breakdown.AppliedOverride);
        Assert.Equal(-1.0, breakdown.Total);
        Assert.Equal(60.0, breakdown["latency"].Value);
        Assert.Equal(3, breakdown.Terms.Count);
    }

    [Fact]
    public void Explain_TwoOverridesMatch_FirstAddedWins()
    {
        RewardBreakdown breakdown = Reward().Explain(new Outcome(1.0, 60.0, 0, true));

        Assert.Equal("error", breakdown.AppliedOverride);
        Assert.Equal(-0.5, breakdown.Total);
        Assert.Equal(-0.5, breakdown.Reward);
    }

    [Fact]
    public void Compute_OverrideMatches_NaNComponentIsNotEvaluatedAsError()
        => Assert.Equal(-0.5, Reward().Compute(new Outcome(double.NaN, 1.0, 0, true)));

    [Fact]
    public void Explain_OverrideMatches_NonFiniteComponentReportedAsNaN()
    {
        RewardBreakdown breakdown = Reward().Explain(new Outcome(double.PositiveInfinity, 1.0, 0, true));

        Assert.Equal(-0.5, breakdown.Total);
        Assert.True(double.IsNaN(breakdown["quality"].Value));
        Assert.Equal(1.0, breakdown["latency"].Value);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Compute_NonFiniteComponent_ThrowsNamingComponent(double cost, string shown)
    {
        var ex = Assert.Throws<ArgumentException>(() => Reward().Compute(new Outcome(0.5, 1.0, cost, false)));

        Assert.Equal("outcome", ex.ParamName);
        Assert.StartsWith($"Reward component 'cost' returned {shown};", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_NaNComponentWithoutOverride_ThrowsNamingComponent()
    {
        var ex = Assert.Throws<ArgumentException>(() => Reward().Explain(new Outcome(double.NaN, 1.0, 0, false)));

        Assert.Contains("'quality'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Breakdown_UnknownTerm_Throws()
    {
        RewardBreakdown breakdown = Reward().Explain(new Outcome(0.5, 1.0, 0, false));

        var ex = Assert.Throws<KeyNotFoundException>(() => breakdown["speed"]);

        Assert.Equal("No reward component is called 'speed'.", ex.Message);
    }

    [Fact]
    public void ComponentNames_AreInOrder()
        => Assert.Equal(["quality", "latency", "cost"], Reward().ComponentNames);

    [Fact]
    public void Compute_ManyOutcomes_EqualsExplainTotal()
    {
        CompositeReward<Outcome> reward = Reward();
        var random = new RlCommons.Randomness.Xoshiro256Random(3);
        for (int i = 0; i < 200; i++)
        {
            var outcome = new Outcome(random.NextDouble(), random.NextDouble() * 40, random.NextDouble() - 0.5, random.Next(10) == 0);

            Assert.Equal(reward.Compute(outcome), reward.Explain(outcome).Total);
        }
    }

    [Fact]
    public void RewardTerm_Contribution_IsWeightTimesValue()
        => Assert.Equal(-1.5, new RewardTerm("x", -0.5, 3.0).Contribution);

    internal sealed record Outcome(double Quality, double LatencySeconds, double Cost, bool Failed);
}
