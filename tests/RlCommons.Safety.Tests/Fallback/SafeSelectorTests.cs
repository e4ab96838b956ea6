using RlCommons.Safety.Fallback;
using RlCommons.Safety.Rollout;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Fallback;

public sealed class SafeSelectorTests
{
    private sealed class TwoActionPolicy : IPolicy<int>, IActionProbabilities<int>
    {
        public string Id => "stochastic";

        public bool IsReady => true;

        public Decision Decide(int context) => new(1, 0.8, 0, false, 1, 0);

        public double Probability(int context, int action) => action == 1 ? 0.8 : 0.2;
    }

    private static SafeSelector<int> Selector(IPolicy<int> learned, double share = 1, double threshold = 0)
        => new(learned, new StubPolicy("baseline", 0), new SafeSelectorOptions { LearnedShare = share, ConfidenceThreshold = threshold, Seed = 42 });

    [Fact]
    public void Decide_LearnedReady_RecordsLearnedPolicy()
    {
        SafeDecision d = Selector(new StubPolicy("learned", 3, 0.6)).Decide(0);

        Assert.Equal(DecisionSource.Learned, d.Source);
        Assert.Equal("learned", d.PolicyId);
        Assert.Equal(3, d.Decision.Action);
        Assert.Equal(0.6, d.Decision.Propensity);
    }

    [Fact]
    public void Decide_LearnedNotReady_FallsBack()
    {
        SafeDecision d = Selector(new StubPolicy("learned", 3) { IsReady = false }).Decide(0);

        Assert.Equal(DecisionSource.NotReady, d.Source);
        Assert.Equal("baseline", d.PolicyId);
        Assert.Equal(0, d.Decision.Action);
    }

    [Fact]
    public void Decide_LearnedThrows_FallsBackWithError()
    {
        var failure = new InvalidOperationException("boom");
        SafeDecision d = Selector(new StubPolicy("learned", 3) { Failure = failure }).Decide(0);

        Assert.Equal(DecisionSource.LearnedFailed, d.Source);
        Assert.Same(failure, d.Error);
        Assert.Equal(0, d.Decision.Action);
    }

    [Theory]
    [InlineData(0.4, DecisionSource.LowConfidence)]
    [InlineData(0.5, DecisionSource.Learned)]
    public void Decide_ConfidenceThreshold_FallsBackBelowIt(double propensity, DecisionSource expected)
    {
        Assert.Equal(expected, Selector(new StubPolicy("learned", 3, propensity), threshold: 0.5).Decide(0).Source);
    }

    [Fact]
    public void Decide_DeterministicPoliciesAtShareThirtyPercent_PropensityIsRouteShare()
    {
        var selector = Selector(new StubPolicy("learned", 1), share: 0.3);
        var decisions = Enumerable.Range(0, 10_000).Select(_ => selector.Decide(0)).ToList();

        Assert.All(decisions.Where(d => d.Source == DecisionSource.Learned), d => Assert.Equal(0.3, d.Decision.Propensity, 1e-15));
        Assert.All(decisions.Where(d => d.Source == DecisionSource.BaselineRouted), d => Assert.Equal(0.7, d.Decision.Propensity, 1e-15));
        Assert.InRange(decisions.Count(d => d.Source == DecisionSource.Learned), 2850, 3150);
    }

    [Fact]
    public void Decide_StochasticLearnedPolicy_PropensityIsExactMixture()
    {
        var selector = Selector(new TwoActionPolicy(), share: 0.3);
        var decisions = Enumerable.Range(0, 200).Select(_ => selector.Decide(0)).ToList();

        // Action 1: 0.3·0.8 + 0.7·0; action 0: 0.3·0.2 + 0.7·1.
        Assert.All(decisions.Where(d => d.Decision.Action == 1), d => Assert.Equal(0.24, d.Decision.Propensity, 1e-15));
        Assert.All(decisions.Where(d => d.Decision.Action == 0), d => Assert.Equal(0.76, d.Decision.Propensity, 1e-15));
    }

    [Fact]
    public void Decide_SameSeed_SameRouting()
    {
        var a = Selector(new StubPolicy("learned", 1), share: 0.5);
        var b = Selector(new StubPolicy("learned", 1), share: 0.5);

        Assert.Equal(
            Enumerable.Range(0, 500).Select(_ => a.Decide(0).Source),
            Enumerable.Range(0, 500).Select(_ => b.Decide(0).Source));
    }

    [Fact]
    public void Decide_WithRolloutAndUnit_RoutesStickily()
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var rollout = new GradualRollout("rollout", [new(TimeSpan.Zero, 0.5)], start, new FakeTimeProvider(start));
        var selector = new SafeSelector<int>(new StubPolicy("learned", 1, 0.9), new StubPolicy("baseline", 0), new SafeSelectorOptions(), rollout: rollout);

        foreach (string unit in Enumerable.Range(0, 50).Select(i => $"u{i}"))
        {
            SafeDecision first = selector.Decide(0, unit);
            Assert.Equal(rollout.Includes(unit) ? DecisionSource.Learned : DecisionSource.BaselineRouted, first.Source);
            Assert.Equal(first.Source, selector.Decide(0, unit).Source);
            Assert.Equal(rollout.Includes(unit) ? 0.9 : 1.0, first.Decision.Propensity);
        }
    }

    [Fact]
    public void ReplaceLearned_NextDecisionUsesNewPolicy()
    {
        var selector = Selector(new StubPolicy("v1", 1));
        selector.ReplaceLearned(new StubPolicy("v2", 2));

        Assert.Equal("v2", selector.Decide(0).PolicyId);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsProblems()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SafeSelector<int>(new StubPolicy("l", 1), new StubPolicy("b", 0), new SafeSelectorOptions { LearnedShare = 2, ConfidenceThreshold = -1 }));

        Assert.Contains("LearnedShare", ex.Message);
        Assert.Contains("ConfidenceThreshold", ex.Message);
    }
}
