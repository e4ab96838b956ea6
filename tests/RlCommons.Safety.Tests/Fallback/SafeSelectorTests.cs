using RlCommons.Decisions;
using RlCommons.Policies;
using RlCommons.Safety.Fallback;
using RlCommons.Safety.Rollout;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Fallback;

public sealed class SafeSelectorTests
{
    private static SafeSelector Selector(IPolicy learned, double share = 1, double threshold = 0, StubPolicy? baseline = null)
        => new(learned, baseline ?? new StubPolicy("baseline", 0, actionCount: learned.ActionCount), new SafeSelectorOptions { LearnedShare = share, ConfidenceThreshold = threshold, Seed = 42 });

    [Fact]
    public void Decide_LearnedReady_RecordsLearnedPolicy()
    {
        var learned = new StubPolicy("learned", 3, 0.6);
        var baseline = new StubPolicy("baseline", 0);

        Decision d = Selector(learned, baseline: baseline).DecideOnce();

        Assert.Equal(DecisionSource.Learned, d.Source);
        Assert.Equal(3, d.Action);
        Assert.Equal(0.6, d.Propensity);
        Assert.Equal((1L, 0L), (learned.Decisions, baseline.Decisions));
    }

    [Fact]
    public void Decide_LearnedNotReady_FallsBack()
    {
        var learned = new StubPolicy("learned", 3);
        var selector = new SafeSelector(learned, new StubPolicy("baseline", 0), new SafeSelectorOptions { LearnedShare = 1, IsLearnedReady = () => false });

        Decision d = selector.DecideOnce();

        Assert.Equal(DecisionSource.NotReady, d.Source);
        Assert.Equal(0, d.Action);
        Assert.Equal(1.0, d.Propensity);
        Assert.Equal(0, learned.Decisions);
    }

    [Fact]
    public void Decide_LearnedThrows_FallsBackWithError()
    {
        var failure = new InvalidOperationException("boom");
        var logger = new ListLogger<SafeSelector>();
        var selector = new SafeSelector(new StubPolicy("learned", 3) { Failure = failure }, new StubPolicy("baseline", 0), new SafeSelectorOptions { LearnedShare = 1, LearnedPolicyId = "pricing" }, logger: logger);
        var failures = new List<PolicyFailedEventArgs>();
        selector.LearnedFailed += (_, e) => failures.Add(e);

        Decision d = selector.DecideOnce();

        Assert.Equal(DecisionSource.LearnedFailed, d.Source);
        PolicyFailedEventArgs e = Assert.Single(failures);
        Assert.Same(failure, e.Error);
        Assert.Equal("pricing", e.PolicyId);
        Assert.Equal(0, d.Action);
        Assert.Equal(1, selector.LearnedFailures);
        Assert.Contains(logger.Entries, l => l.EventId == 7002);
    }

    [Theory]
    [InlineData(0.4, DecisionSource.LowConfidence)]
    [InlineData(0.5, DecisionSource.Learned)]
    public void Decide_ConfidenceThreshold_FallsBackBelowIt(double propensity, DecisionSource expected)
    {
        var learned = new StubPolicy("learned", 3, propensity);

        Assert.Equal(expected, Selector(learned, threshold: 0.5).DecideOnce().Source);
        Assert.Equal(expected == DecisionSource.Learned ? 1 : 0, learned.Decisions);
    }

    [Fact]
    public void Decide_CustomConfidence_ReadsTheLearnedDistribution()
    {
        // Confidence = the margin between the two most likely actions: 0.6 − 0.4 = 0.2 is below 0.25.
        var learned = new StubPolicy("learned", 1, 0.6, actionCount: 2);
        var options = new SafeSelectorOptions { LearnedShare = 1, ConfidenceThreshold = 0.25, Confidence = p => Math.Abs(p[0] - p[1]) };
        var selector = new SafeSelector(learned, new StubPolicy("baseline", 0, actionCount: 2), options);

        Decision d = selector.DecideOnce();

        Assert.Equal((DecisionSource.LowConfidence, 0, 1.0), (d.Source, d.Action, d.Propensity));
        Assert.Equal(0, learned.Decisions);
    }

    [Fact]
    public void GetProbabilities_WithRolloutForAUnit_IsTheUnitsRoute()
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var rollout = new GradualRollout("rollout", [new(TimeSpan.Zero, 0.5)], start, new FakeTimeProvider(start));
        var selector = new SafeSelector(new StubPolicy("learned", 1, 0.9, actionCount: 2), new StubPolicy("baseline", 0, actionCount: 2), new SafeSelectorOptions { LearnedShare = 0.5 }, rollout: rollout);
        string inside = Enumerable.Range(0, 100).Select(i => $"u{i}").First(rollout.Includes);
        string outside = Enumerable.Range(0, 100).Select(i => $"u{i}").First(u => !rollout.Includes(u));
        double[] p = new double[2];

        selector.GetProbabilities([], inside, p);
        Assert.Equal(0.1, p[0], 1e-15);
        Assert.Equal(0.9, p[1], 1e-15);
        selector.GetProbabilities([], outside, p);
        Assert.Equal([1.0, 0.0], p);
    }

    [Fact]
    public void Decide_DeterministicPoliciesAtShareThirtyPercent_PropensityIsRouteShare()
    {
        var selector = Selector(new StubPolicy("learned", 1), share: 0.3);
        var decisions = Enumerable.Range(0, 10_000).Select(_ => selector.DecideOnce()).ToList();

        Assert.All(decisions.Where(d => d.Source == DecisionSource.Learned), d => Assert.Equal(0.3, d.Propensity, 1e-15));
        Assert.All(decisions.Where(d => d.Source == DecisionSource.Baseline), d => Assert.Equal(0.7, d.Propensity, 1e-15));
        Assert.InRange(decisions.Count(d => d.Source == DecisionSource.Learned), 2850, 3150);
    }

    [Fact]
    public void Decide_StochasticLearnedPolicy_PropensityIsExactMixture()
    {
        var selector = Selector(new StubPolicy("stochastic", 1, 0.8, actionCount: 2), share: 0.3);
        var decisions = Enumerable.Range(0, 200).Select(_ => selector.DecideOnce()).ToList();

        // Action 1: 0.3·0.8 + 0.7·0; action 0: 0.3·0.2 + 0.7·1.
        Assert.All(decisions.Where(d => d.Action == 1), d => Assert.Equal(0.24, d.Propensity, 1e-15));
        Assert.All(decisions.Where(d => d.Action == 0), d => Assert.Equal(0.76, d.Propensity, 1e-15));
        double[] mixture = selector.Distribution();
        Assert.Equal(0.76, mixture[0], 1e-15);
        Assert.Equal(0.24, mixture[1], 1e-15);
    }

    [Fact]
    public void Decide_SameSeed_SameRouting()
    {
        var a = Selector(new StubPolicy("learned", 1), share: 0.5);
        var b = Selector(new StubPolicy("learned", 1), share: 0.5);

        Assert.Equal(
            Enumerable.Range(0, 500).Select(_ => a.DecideOnce().Source),
            Enumerable.Range(0, 500).Select(_ => b.DecideOnce().Source));
    }

    [Fact]
    public void Decide_WithRolloutAndUnit_RoutesStickily()
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var rollout = new GradualRollout("rollout", [new(TimeSpan.Zero, 0.5)], start, new FakeTimeProvider(start));
        var selector = new SafeSelector(new StubPolicy("learned", 1, 0.9), new StubPolicy("baseline", 0), new SafeSelectorOptions(), rollout: rollout);

        foreach (string unit in Enumerable.Range(0, 50).Select(i => $"u{i}"))
        {
            Decision first = selector.Decide([], unit);
            Assert.Equal(rollout.Includes(unit) ? DecisionSource.Learned : DecisionSource.Baseline, first.Source);
            Assert.Equal(first.Source, selector.Decide([], unit).Source);
            Assert.Equal(rollout.Includes(unit) ? 0.9 : 1.0, first.Propensity);
        }
    }

    [Fact]
    public void ReplaceLearned_NextDecisionUsesNewPolicy()
    {
        var v1 = new StubPolicy("v1", 1);
        var selector = Selector(v1);
        selector.ReplaceLearned(new StubPolicy("v2", 2), "v2");

        Assert.Equal(2, selector.DecideOnce().Action);
        Assert.Equal("v2", selector.LearnedPolicyId);
        Assert.Equal(0, v1.Decisions);
    }

    [Fact]
    public void ReplaceLearned_OtherActionCount_Throws()
    {
        var selector = Selector(new StubPolicy("v1", 1));

        var ex = Assert.Throws<ArgumentException>(() => selector.ReplaceLearned(new StubPolicy("v2", 1, actionCount: 3)));
        Assert.Contains("action count", ex.Message);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsProblems()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SafeSelector(new StubPolicy("l", 1), new StubPolicy("b", 0), new SafeSelectorOptions { LearnedShare = 2, ConfidenceThreshold = -1, LearnedPolicyId = " " }));

        Assert.Contains("LearnedShare", ex.Message);
        Assert.Contains("ConfidenceThreshold", ex.Message);
        Assert.Contains("LearnedPolicyId", ex.Message);
    }
}
