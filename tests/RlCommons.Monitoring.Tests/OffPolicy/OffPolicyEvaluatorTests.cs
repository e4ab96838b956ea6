using RlCommons.Decisions;
using RlCommons.Monitoring.OffPolicy;

namespace RlCommons.Monitoring.Tests.OffPolicy;

public sealed class OffPolicyEvaluatorTests
{
    private const double Z95 = 1.959963984540054;

    // Two actions; the target always takes action 0, so the weights are 1/0.5, 0, 1/0.25, 0 = 2, 0, 4, 0.
    private static readonly DecisionLogEntry[] Logs =
    [
        Entry(0f, 0, 0.5, 1),
        Entry(0f, 1, 0.5, 0),
        Entry(1f, 0, 0.25, 2),
        Entry(1f, 1, 0.75, 1),
    ];

    private static DecisionLogEntry Entry(float x, int action, double propensity, double reward) => DecisionLogEntry.FromHistory(0, new[] { x }, action, propensity, reward);

    private static double AlwaysZero(ReadOnlySpan<float> features, int action) => action == 0 ? 1 : 0;

    private sealed class LinearModel : IRewardModel
    {
        public double Predict(ReadOnlySpan<float> features, int action) => (10 * features[0]) + action;
    }

    private static OffPolicyEvaluator Evaluator() => new(Logs, 2, AlwaysZero);

    [Fact]
    public void InversePropensityScoring_HandComputed_MatchesMeanOfWeightedRewards()
    {
        // Terms w·r = 2, 0, 8, 0: mean 2.5, sample variance 43/3.
        OffPolicyEstimate e = Evaluator().InversePropensityScoring();

        double se = Math.Sqrt(43.0 / 3 / 4);
        Assert.Equal(2.5, e.Value, 1e-15);
        Assert.Equal(se, e.StandardError, 1e-15);
        Assert.Equal(2.5 - (Z95 * se), e.Interval.Low, 1e-12);
        Assert.Equal(4, e.Samples);
        Assert.Equal("IPS", e.Estimator);
    }

    [Fact]
    public void InversePropensityScoring_Clipped_CapsTheWeights()
    {
        // Weight 4 clipped to 3: terms 2, 0, 6, 0.
        Assert.Equal(2, Evaluator().InversePropensityScoring(weightClip: 3).Value, 1e-15);
    }

    [Fact]
    public void SelfNormalized_HandComputed_MatchesRatioAndDeltaMethod()
    {
        // V = (2 + 8) / (2 + 4) = 5/3; terms w(r - V)/w̄ with w̄ = 1.5 are -8/9, 0, 8/9, 0: variance 128/243.
        OffPolicyEstimate e = Evaluator().SelfNormalizedInversePropensityScoring();

        Assert.Equal(5.0 / 3, e.Value, 1e-15);
        Assert.Equal(Math.Sqrt(128.0 / 243 / 4), e.StandardError, 1e-15);
    }

    [Fact]
    public void DirectMethod_SuppliedModel_AveragesTargetWeightedPredictions()
    {
        // q̂(x, 0) = 10·x: terms 0, 0, 10, 10.
        OffPolicyEstimate e = Evaluator().DirectMethod(new LinearModel());

        Assert.Equal(5, e.Value, 1e-15);
        Assert.Equal(Math.Sqrt(100.0 / 3 / 4), e.StandardError, 1e-14);
    }

    [Fact]
    public void DoublyRobust_SuppliedModel_AddsWeightedResiduals()
    {
        // Terms 0 + 2(1 - 0) = 2, 0, 10 + 4(2 - 10) = -22, 10: mean -2.5.
        OffPolicyEstimate e = Evaluator().DoublyRobust(new LinearModel());

        Assert.Equal(-2.5, e.Value, 1e-15);
        Assert.Equal("DR", e.Estimator);
    }

    [Fact]
    public void EffectiveSampleSize_HandComputed()
    {
        // (2 + 4)² / (4 + 16) = 1.8.
        Assert.Equal(1.8, Evaluator().EffectiveSampleSize, 1e-15);
    }

    [Fact]
    public void Constructor_ZeroPropensity_ThrowsNamingLogs()
    {
        var e = Assert.Throws<ArgumentException>(() => new OffPolicyEvaluator([Entry(0f, 0, 0.5, 1), Entry(0f, 1, 0, 1)], 2, AlwaysZero));

        Assert.Equal("logs", e.ParamName);
        Assert.Contains("propensity 0", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1e-320)]
    [InlineData(9.9e-13)]
    public void Constructor_PropensityBelowTheFloor_ThrowsNamingTheLoggedDecision(double propensity)
    {
        // Before the floor, 1e-320 gave an infinite weight and a NaN standard error.
        var e = Assert.Throws<ArgumentException>(() => new OffPolicyEvaluator([Entry(0f, 0, 0.5, 1), Entry(0f, 0, propensity, 1)], 2, AlwaysZero));

        Assert.Equal("logs", e.ParamName);
        Assert.Contains("Logged decision 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("below the minimum 1E-12", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InversePropensityScoring_PropensityAtTheFloor_GivesFiniteEstimate()
    {
        OffPolicyEstimate e = new OffPolicyEvaluator([Entry(0f, 0, 0.5, 1), Entry(0f, 0, OffPolicyEvaluator.MinimumPropensity, 1)], 2, AlwaysZero).InversePropensityScoring();

        Assert.Equal((2 + 1e12) / 2, e.Value, 1e-3);
        Assert.True(double.IsFinite(e.StandardError));
    }

    [Fact]
    public void Constructor_TargetNotADistribution_ThrowsNamingTarget()
    {
        var e = Assert.Throws<ArgumentException>(() => new OffPolicyEvaluator(Logs, 2, (_, _) => 0.7));

        Assert.Equal("target", e.ParamName);
        Assert.Contains("sum to 1.4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ActionOutOfRange_ThrowsNamingLogs()
    {
        var e = Assert.Throws<ArgumentException>(() => new OffPolicyEvaluator([Entry(0f, 0, 0.5, 1), Entry(0f, 2, 0.5, 1)], 2, AlwaysZero));

        Assert.Equal("logs", e.ParamName);
    }

    [Fact]
    public void InversePropensityScoring_NonPositiveClip_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Evaluator().InversePropensityScoring(weightClip: 0));

        Assert.Equal("weightClip", e.ParamName);
    }
}

public sealed class OffPolicyEvaluatorOnTheContractTests
{
    [Fact]
    public void Constructor_PolicyTarget_UsesItsProbabilities()
    {
        DecisionLogEntry[] logs =
        [
            DecisionLogEntry.FromHistory(0, new[] { 0f }, 0, 0.5, 1),
            DecisionLogEntry.FromHistory(1, new[] { 0f }, 1, 0.5, 0),
            DecisionLogEntry.FromHistory(2, new[] { 1f }, 0, 0.25, 2),
            DecisionLogEntry.FromHistory(3, new[] { 1f }, 1, 0.75, 1),
        ];

        var byPolicy = new OffPolicyEvaluator(logs, new AlwaysFirst());
        var byDelegate = new OffPolicyEvaluator(logs, 2, (_, a) => a == 0 ? 1 : 0);

        Assert.Equal(byDelegate.InversePropensityScoring(), byPolicy.InversePropensityScoring());
        Assert.Equal(2.5, byPolicy.InversePropensityScoring().Value, 1e-15);
    }

    [Fact]
    public void Constructor_UnrewardedEntry_ThrowsNamingIt()
    {
        DecisionLogEntry rewarded = DecisionLogEntry.FromHistory(0, new[] { 0f }, 0, 0.5, 1);
        DecisionLogEntry pending = rewarded with { Reward = null, RewardCount = 0, IsClosed = false };

        ArgumentException e = Assert.Throws<ArgumentException>(() => new OffPolicyEvaluator([rewarded, pending], new AlwaysFirst()));

        Assert.Equal("logs", e.ParamName);
        Assert.Contains("no reward", e.Message);
    }

    private sealed class AlwaysFirst : RlCommons.Policies.IPolicy
    {
        public int ActionCount => 2;

        public int FeatureCount => 1;

        public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => new(0, 1, 0, false, 1, 1);

        public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        {
            probabilities[0] = 1;
            probabilities[1] = 0;
        }
    }
}
