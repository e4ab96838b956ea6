using RlCommons.Okr.Dsl;
using RlCommons.Okr.Rewards;
using RlCommons.Okr.Shaping;
using RlCommons.Okr.Tests.TestSupport;
using RlCommons.Rewards;

namespace RlCommons.Okr.Tests.Rewards;

public class OkrRewardTests
{
    private static readonly Dictionary<string, double> Before = M.Of(("monthly_recurring_revenue", 50_000), ("customer_satisfaction", 0.8), ("churn_rate", 0.04));
    private static readonly Dictionary<string, double> After = M.Of(("monthly_recurring_revenue", 60_000), ("customer_satisfaction", 0.81), ("churn_rate", 0.06));

    // The worked example of docs/okr.md and the README.
    [Fact]
    public void Compute_WorkedExample_MatchesHandComputedBreakdown()
    {
        var reward = new OkrReward(RevenueOkr.Build());

        RewardBreakdown first = reward.Compute(Before, After, action: 2);

        Assert.Equal(0.06, first["kr:monthly_recurring_revenue"].Contribution, 12);
        Assert.Equal(0.004444444444, first["kr:customer_satisfaction"].Contribution, 12);
        Assert.Equal(0.2, first["constraint:churn_rate <= 0.05"].Value, 12);
        Assert.Equal(-2.0, first["constraint:churn_rate <= 0.05"].Contribution, 12);
        Assert.Equal(0.1, first["exploration"].Contribution, 15);
        Assert.Equal(-1.835555555556, first.Total, 12);
        Assert.Equal(first.Total, first.Reward);

        RewardBreakdown second = reward.Compute(Before, After, action: 2);

        Assert.Equal(0.070710678119, second["exploration"].Contribution, 12);
        Assert.Equal(-1.864844877437, second.Total, 12);
    }

    [Fact]
    public void Compute_ReadmeExample_MirrorsTheReadme()
    {
        // okr-example begin
        var okr = Okr.Create("revenue_q1")
            .WithObjective("Maximize revenue while maintaining quality")
            .WithKeyResult("monthly_recurring_revenue", 100_000, Direction.Maximize, weight: 0.6, unit: "USD")
            .WithKeyResult("customer_satisfaction", 0.9, Direction.Maximize, weight: 0.4)
            .WithConstraint("churn_rate", Comparison.LessOrEqual, 0.05, penalty: 10)
            .WithNorthStar("customer_lifetime_value")
            .Build();
        var reward = new OkrReward(okr, new OkrRewardOptions { Clip = true });

        var before = new Dictionary<string, double> { ["monthly_recurring_revenue"] = 50_000, ["customer_satisfaction"] = 0.80, ["churn_rate"] = 0.04 };
        var after = new Dictionary<string, double> { ["monthly_recurring_revenue"] = 60_000, ["customer_satisfaction"] = 0.81, ["churn_rate"] = 0.06 };
        RewardBreakdown r = reward.Compute(before, after, action: 2);
        // r.Total = 0.06 + 0.004444 - 2 (churn above 0.05) + 0.1 (first try of action 2) = -1.835556; r.Reward = -1 (clipped)
        // okr-example end

        Assert.Equal(-1.835555555556, r.Total, 12);
        Assert.Equal(-1.0, r.Reward);
    }

    [Fact]
    public void ReadmeExample_ReadmeBlock_MatchesTheCodeThisTestRuns()
        => DocumentedCode.AssertShownAsTested("README.md", "tests/RlCommons.Okr.Tests/Rewards/OkrRewardTests.cs", "okr-example");

    [Fact]
    public void Compute_Breakdown_SumsExactlyToTheUnclippedTotal()
    {
        var reward = new OkrReward(RevenueOkr.Build(), new OkrRewardOptions { Clip = true, PotentialShaping = true, Gamma = 0.97 });
        var random = new Random(5);
        for (int i = 0; i < 200; i++)
        {
            var before = M.Of(("monthly_recurring_revenue", random.NextDouble() * 200_000), ("customer_satisfaction", random.NextDouble()), ("churn_rate", random.NextDouble() * 0.1));
            var after = M.Of(("monthly_recurring_revenue", random.NextDouble() * 200_000), ("customer_satisfaction", random.NextDouble()), ("churn_rate", random.NextDouble() * 0.1));

            RewardBreakdown b = reward.Compute(before, after, action: random.Next(3));

            double sum = 0;
            foreach (RewardTerm term in b.Terms)
            {
                sum += term.Contribution;
            }

            Assert.Equal(b.Total, sum);
            Assert.Equal(Math.Clamp(b.Total, -1, 1), b.Reward);
        }
    }

    [Fact]
    public void Compute_Terms_NameEveryKeyResultConstraintAndTheBonusInOrder()
    {
        var reward = new OkrReward(RevenueOkr.Build(), new OkrRewardOptions { PotentialShaping = true });

        RewardBreakdown b = reward.Compute(Before, After);

        Assert.Equal(["kr:monthly_recurring_revenue", "kr:customer_satisfaction", "constraint:churn_rate <= 0.05", "exploration", "shaping"], b.Terms.Select(t => t.Name));
        Assert.Equal(0.0, b["exploration"].Value);
        Assert.Throws<KeyNotFoundException>(() => b["nope"]);
        Assert.Null(b.AppliedOverride);
        Assert.Equal(b.Total, b.Terms.Sum(t => t.Contribution), 12);
    }

    [Theory]
    [InlineData(80.0, 70.0, 0.2)]
    [InlineData(70.0, 80.0, -0.2)]
    [InlineData(40.0, 40.0, 0.0)]
    [InlineData(100.0, 25.0, 1.5)]
    public void Compute_Minimize_FlipsTheSignOfTheChange(double before, double after, double expected)
    {
        Okr okr = Okr.Create("cost").WithObjective("Cut cost").WithKeyResult("cost", 50, Direction.Minimize, weight: 2).Build();
        var reward = new OkrReward(okr, new OkrRewardOptions { ExplorationScale = 0 });

        RewardBreakdown b = reward.Compute(M.Of(("cost", before)), M.Of(("cost", after)));

        Assert.Equal(expected, b.Total, 14);
        Assert.Equal(1.0, b["kr:cost"].Weight);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(0.3, 0.0, -1.5)]
    [InlineData(-0.3, 0.0, 0.0)]
    [InlineData(0.05, 0.1, 0.0)]
    [InlineData(0.4, 0.1, -2.0)]
    public void Compute_ZeroThreshold_PenalizesTheAbsoluteExcess(double incidents, double tolerance, double expected)
    {
        Okr okr = Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize)
            .WithConstraint("incidents", Comparison.LessOrEqual, 0, penalty: 5, tolerance: tolerance).Build();
        var reward = new OkrReward(okr, new OkrRewardOptions { ExplorationScale = 0 });

        RewardBreakdown b = reward.Compute(M.Of(("a", 0), ("incidents", 0)), M.Of(("a", 0), ("incidents", incidents)));

        Assert.Equal(expected, b.Total, 14);
        Assert.True(double.IsFinite(b.Total));
    }

    [Fact]
    public void Compute_SeveralViolatedConstraints_AddTheirPenalties()
    {
        Okr okr = Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize)
            .WithConstraint("latency", Comparison.LessOrEqual, 200, penalty: 2)
            .WithConstraint("latency", Comparison.GreaterOrEqual, 10, penalty: 1)
            .WithConstraint("nps", Comparison.GreaterOrEqual, 40, penalty: 4).Build();
        var reward = new OkrReward(okr, new OkrRewardOptions { ExplorationScale = 0 });

        // latency 300: (300−200)/200 = 0.5 → −1; latency ≥ 10 met; nps 30: 10/40 = 0.25 → −1. Total −2.
        RewardBreakdown b = reward.Compute(M.Of(("a", 0), ("latency", 0), ("nps", 0)), M.Of(("a", 0), ("latency", 300), ("nps", 30)));

        Assert.Equal(-1.0, b["constraint:latency <= 200"].Contribution, 14);
        Assert.Equal(0.0, b["constraint:latency >= 10"].Contribution);
        Assert.Equal(-1.0, b["constraint:nps >= 40"].Contribution, 14);
        Assert.Equal(-2.0, b.Total, 14);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 0.70710678118654752)]
    [InlineData(2, 0.57735026918962576)]
    [InlineData(3, 0.5)]
    [InlineData(8, 0.33333333333333333)]
    public void Compute_ExplorationBonus_IsScaleOverSqrtOnePlusCount(int previousTries, double novelty)
    {
        Okr okr = Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).Build();
        var reward = new OkrReward(okr, new OkrRewardOptions { ExplorationScale = 0.25 });
        var s = M.Of(("a", 0));
        for (int i = 0; i < previousTries; i++)
        {
            reward.Compute(s, s, action: 7);
        }

        reward.Compute(s, s, action: 3);
        RewardBreakdown b = reward.Compute(s, s, action: 7);

        Assert.Equal(novelty, b["exploration"].Value, 15);
        Assert.Equal(0.25 * novelty, b.Total, 15);
        Assert.Equal(previousTries + 1, reward.GetActionCount(7));
        Assert.Equal(1, reward.GetActionCount(3));
        Assert.Equal(0, reward.GetActionCount(4));
    }

    [Fact]
    public void Compute_WeightedChebyshev_RewardsTheDecreaseOfTheLargestWeightedGap()
    {
        Okr okr = Okr.Create("o").WithObjective("x")
            .WithKeyResult("a", 10, Direction.Maximize)
            .WithKeyResult("b", 10, Direction.Maximize).Build();
        var reward = new OkrReward(okr, new OkrRewardOptions { ExplorationScale = 0, Aggregation = Aggregation.WeightedChebyshev });

        // Gaps w(1 − p): before a 0.5·0.5 = 0.25, b 0.5·0.2 = 0.1 → D = 0.25 (a); after a 0.05, b 0.1 → D = 0.1 (b).
        RewardBreakdown b = reward.Compute(M.Of(("a", 5), ("b", 8)), M.Of(("a", 9), ("b", 8)));

        Assert.Equal(0.15, b.Total, 14);
        Assert.Equal(0.25, b["kr:a"].Contribution, 14);
        Assert.Equal(-0.1, b["kr:b"].Contribution, 14);
    }

    [Fact]
    public void Compute_WeightedChebyshev_ProgressOnANonBindingKeyResultEarnsNothing()
    {
        Okr okr = Okr.Create("o").WithObjective("x")
            .WithKeyResult("a", 10, Direction.Maximize, weight: 3)
            .WithKeyResult("b", 10, Direction.Maximize, weight: 1).Build();
        var reward = new OkrReward(okr, new OkrRewardOptions { ExplorationScale = 0, Aggregation = Aggregation.WeightedChebyshev });

        // a binds (0.75·0.8 = 0.6 against 0.25·0.9 = 0.225); moving b alone leaves D at 0.6.
        RewardBreakdown b = reward.Compute(M.Of(("a", 2), ("b", 1)), M.Of(("a", 2), ("b", 9)));

        Assert.Equal(0.0, b.Total, 15);
        Assert.Equal(0.0, b["kr:b"].Contribution);
    }

    [Fact]
    public void Compute_PotentialShaping_AddsGammaPhiAfterMinusPhiBefore()
    {
        var reward = new OkrReward(RevenueOkr.Build(), new OkrRewardOptions { PotentialShaping = true, Gamma = 0.99, ExplorationScale = 0 });

        // Φ(s) = 0.6·0.5 + 0.4·(0.8/0.9) = 0.655556; Φ(s′) = 0.6·0.6 + 0.4·0.9 = 0.72; F = 0.99·0.72 − 0.655556.
        RewardBreakdown b = reward.Compute(Before, After);
        RewardBreakdown terminal = reward.Compute(Before, After, terminal: true);

        Assert.Equal(0.057244444444, b["shaping"].Value, 12);
        Assert.Equal(-0.655555555556, terminal["shaping"].Value, 12);
    }

    [Fact]
    public void Compute_RunningNormalization_DividesByTheRunningStandardDeviation()
    {
        Okr okr = Okr.Create("o").WithObjective("x").WithKeyResult("x", 1, Direction.Maximize).Build();
        var reward = new OkrReward(okr, new OkrRewardOptions { ExplorationScale = 0, NormalizeReward = true });

        double r1 = reward.Compute(M.Of(("x", 0)), M.Of(("x", 1))).Reward;
        double r2 = reward.Compute(M.Of(("x", 0)), M.Of(("x", 3))).Reward;
        RewardBreakdown third = reward.Compute(M.Of(("x", 0)), M.Of(("x", 2)));

        // Totals 1, 3, 2: no scaling for the first; variance {1,3} = 1; variance {1,3,2} = 2/3, so 2 / √(2/3 + 1e-8).
        Assert.Equal(1.0, r1);
        Assert.Equal(3 / Math.Sqrt(1 + 1e-8), r2, 14);
        Assert.Equal(2.0, third.Total);
        Assert.Equal(2.4494897244, third.Reward, 9);
    }

    [Fact]
    public void Compute_NormalizeThenClip_ClipsTheNormalizedReward()
    {
        Okr okr = Okr.Create("o").WithObjective("x").WithKeyResult("x", 1, Direction.Maximize).Build();
        var reward = new OkrReward(okr, new OkrRewardOptions { ExplorationScale = 0, NormalizeReward = true, Clip = true });

        reward.Compute(M.Of(("x", 0)), M.Of(("x", 1)));
        reward.Compute(M.Of(("x", 0)), M.Of(("x", 3)));
        RewardBreakdown b = reward.Compute(M.Of(("x", 0)), M.Of(("x", 1.5)));

        // {1, 3, 1.5}: mean 1.8333, variance 0.72222; 1.5 / 0.84984 = 1.765 → clipped to 1.
        Assert.Equal(1.0, b.Reward);
        Assert.Equal(1.5, b.Total);
    }

    [Fact]
    public void Compute_MissingMetricWithoutDefault_ThrowsNamingTheMetricAndCountsNothing()
    {
        var reward = new OkrReward(RevenueOkr.Build());
        var after = M.Of(("monthly_recurring_revenue", 1), ("churn_rate", 0));

        var ex = Assert.Throws<ArgumentException>(() => reward.Compute(Before, after, action: 1));

        Assert.Contains("The metric 'customer_satisfaction' is missing from the snapshot and has no declared default.", ex.Message);
        Assert.Equal("after", ex.ParamName);
        Assert.Equal(0, reward.GetActionCount(1));
    }

    [Fact]
    public void Compute_MissingMetricBefore_NamesTheBeforeSnapshot()
    {
        var reward = new OkrReward(RevenueOkr.Build());

        var ex = Assert.Throws<ArgumentException>(() => reward.Compute(M.Of(("churn_rate", 0)), After));

        Assert.Equal("before", ex.ParamName);
        Assert.Contains("'monthly_recurring_revenue'", ex.Message);
    }

    [Fact]
    public void Compute_NullSnapshot_ThrowsNamingIt()
        => Assert.Equal("after", Assert.Throws<ArgumentNullException>(() => new OkrReward(RevenueOkr.Build()).Compute(Before, null!)).ParamName);

    [Fact]
    public void Compute_MissingMetricWithDefault_UsesTheDefault()
    {
        Okr okr = Okr.Create("o").WithObjective("x").WithKeyResult("a", 4, Direction.Maximize, defaultValue: 2)
            .WithConstraint("errors", Comparison.LessOrEqual, 1, defaultValue: 3).Build();
        var reward = new OkrReward(okr, new OkrRewardOptions { ExplorationScale = 0 });

        // a: (6 − 2)/4 = 1; errors default 3 → (3 − 1)/1 = 2 → −2. Total −1.
        RewardBreakdown b = reward.Compute(M.Of(), M.Of(("a", 6)));

        Assert.Equal(-1.0, b.Total, 15);
    }

    [Fact]
    public void Compute_NonFiniteMetric_Throws()
    {
        var reward = new OkrReward(RevenueOkr.Build());
        var after = new Dictionary<string, double>(After) { ["churn_rate"] = double.NaN };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => reward.Compute(Before, after));

        Assert.Contains("The metric 'churn_rate' is NaN; it must be finite and within ±1E+015.", ex.Message);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new OkrRewardOptions { ExplorationScale = -1, Gamma = 1.5, NormalizationEpsilon = 0 };

        var ex = Assert.Throws<ArgumentException>(() => new OkrReward(RevenueOkr.Build(), options));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("ExplorationScale must be a finite number greater than or equal to 0, was -1.", ex.Message);
        Assert.Contains("Gamma must be a finite number in [0, 1], was 1.5.", ex.Message);
        Assert.Contains("NormalizationEpsilon must be a finite number greater than 0, was 0.", ex.Message);
    }

    [Fact]
    public void Constructor_Options_AreCopied()
    {
        var options = new OkrRewardOptions { ExplorationScale = 0.3, Clip = true, Gamma = 0.5 };
        var reward = new OkrReward(RevenueOkr.Build(), options);

        options.ExplorationScale = 7;
        reward.Options.ExplorationScale = 9;

        Assert.Equal(0.3, reward.Options.ExplorationScale);
        Assert.Equal(0.3, reward.Compute(Before, After, action: 0)["exploration"].Weight);
        Assert.True(reward.Options.Clip);
        Assert.Equal(0.5, reward.Options.Gamma);
        Assert.NotSame(options, reward.Options);
    }

    [Fact]
    public void Constructor_ComponentWithATakenName_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new OkrReward(RevenueOkr.Build(), null, [new ConstantComponent("exploration", 1)]));

        Assert.Equal("components", ex.ParamName);
        Assert.Contains("components[0] has the name 'exploration'", ex.Message);
    }

    [Fact]
    public void Compute_ExtraComponent_IsAddedWithWeightOne()
    {
        var reward = new OkrReward(RevenueOkr.Build(), new OkrRewardOptions { ExplorationScale = 0 }, [new ConstantComponent("bonus", 0.75)]);

        RewardBreakdown b = reward.Compute(Before, After);

        Assert.Equal(0.75, b["bonus"].Contribution);
        Assert.Equal(0.06 + (0.4 * 0.01 / 0.9) - 2 + 0.75, b.Total, 12);
    }

    [Fact]
    public void Compute_ComponentReturningNaN_ThrowsNamingIt()
    {
        var reward = new OkrReward(RevenueOkr.Build(), null, [new ConstantComponent("broken", double.NaN)]);

        var ex = Assert.Throws<InvalidOperationException>(() => reward.Compute(Before, After));

        Assert.Equal("The reward component 'broken' returned NaN; components must return finite values.", ex.Message);
    }

    [Fact]
    public void Compute_ConcurrentCalls_CountEveryActionOnceAndHandOutEveryNovelty()
    {
        Okr okr = Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).Build();
        var reward = new OkrReward(okr, new OkrRewardOptions { ExplorationScale = 1 });
        var s = M.Of(("a", 0));
        const int threads = 4;
        const int perThread = 500;
        var seen = new double[threads][];

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            seen[k] = new double[perThread];
            for (int i = 0; i < perThread; i++)
            {
                seen[k][i] = reward.Compute(s, s, action: 0).Total;
            }
        });

        Assert.Equal(threads * perThread, reward.GetActionCount(0));
        double[] expected = [.. Enumerable.Range(0, threads * perThread).Select(n => 1.0 / Math.Sqrt(1.0 + n))];
        Assert.Equal(expected.Order(), seen.SelectMany(x => x).Order());
    }

    private sealed class ConstantComponent(string name, double value) : IRewardComponent
    {
        public string Name => name;

        public double Compute(in OkrTransition transition) => value;
    }
}

public class OkrRewardChebyshevManyTests
{
    [Fact]
    public void Compute_WeightedChebyshevWithManyKeyResults_MatchesTheDistanceDecrease()
    {
        OkrBuilder builder = Okr.Create("many").WithObjective("x");
        for (int i = 0; i < 70; i++)
        {
            builder.WithKeyResult($"m{i}", 10, Direction.Maximize);
        }

        var reward = new OkrReward(builder.Build(), new OkrRewardOptions { ExplorationScale = 0, Aggregation = Aggregation.WeightedChebyshev });
        var before = Enumerable.Range(0, 70).ToDictionary(i => $"m{i}", i => i == 69 ? 2.0 : 5.0);
        var after = Enumerable.Range(0, 70).ToDictionary(i => $"m{i}", i => i == 69 ? 8.0 : 5.0);

        // Before, m69 lags most: D = (1/70)·0.8; after, m0 (first of the ties at 0.5) binds: D = (1/70)·0.5.
        RewardBreakdown b = reward.Compute(before, after);

        Assert.Equal(0.3 / 70, b.Total, 15);
        Assert.Equal(0.8 / 70, b["kr:m69"].Contribution, 15);
        Assert.Equal(-0.5 / 70, b["kr:m0"].Contribution, 15);
    }
}
