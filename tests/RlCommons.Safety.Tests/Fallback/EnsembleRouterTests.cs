using RlCommons.Decisions;
using RlCommons.Safety.Fallback;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Fallback;

public sealed class EnsembleRouterTests
{
    [Fact]
    public void Decide_WeightedRouting_SharesFollowWeightsAndPropensityIsMixture()
    {
        var a = new StubPolicy("a", 0);
        var b = new StubPolicy("b", 1);
        var rule = new RulePolicy(8, _ => 1);
        var router = new EnsembleRouter([(a, 1.0), (b, 3.0), (rule, 1.0)], seed: 5);
        var decisions = Enumerable.Range(0, 10_000).Select(_ => (Decision: router.Decide([], [], true, out int member), Member: member)).ToList();

        // Action 0 only from "a" (weight 1/5); action 1 from "b" and "rule" (4/5).
        Assert.All(decisions.Where(d => d.Decision.Action == 0), d => Assert.Equal(0.2, d.Decision.Propensity, 1e-15));
        Assert.All(decisions.Where(d => d.Decision.Action == 1), d => Assert.Equal(0.8, d.Decision.Propensity, 1e-15));
        Assert.InRange(decisions.Count(d => d.Member == 1), 5800, 6200);

        // Only the routed member's decision counter moves.
        Assert.Equal(10_000, a.Decisions + b.Decisions + rule.Decisions);
        Assert.Equal(decisions.Count(d => d.Member == 1), b.Decisions);
    }

    [Fact]
    public void Decide_WeightedVote_HeaviestActionWins()
    {
        var router = new EnsembleRouter([(new StubPolicy("a", 2), 1.0), (new StubPolicy("b", 1), 1.5), (new StubPolicy("c", 2), 1.0)], EnsembleMode.WeightedVote);

        Decision d = router.Decide([], [], true, out int member);

        Assert.Equal(2, d.Action);
        Assert.Equal(1.0, d.Propensity);
        Assert.Equal(-1, member);
        Assert.Equal(DecisionSource.Learned, d.Source);
    }

    [Fact]
    public void Decide_FailingMember_LeftOutAndWeightsRenormalized()
    {
        var router = new EnsembleRouter([(new StubPolicy("a", 0) { Failure = new InvalidOperationException() }, 1.0), (new StubPolicy("b", 1), 1.0)]);

        Decision d = router.Decide([], [], true, out int member);

        Assert.Equal(1, member);
        Assert.Equal(1.0, d.Propensity);
        Assert.Equal(1, router.MemberFailures);
    }

    [Fact]
    public void Decide_RoutedMemberReturnsActionOutOfRange_RoutedAgainAmongTheRest()
    {
        var bad = new StubPolicy("bad", 0) { ReturnedAction = 8 };
        var good = new StubPolicy("good", 1);
        var router = new EnsembleRouter([(bad, 1.0), (good, 1.0)], seed: 3);

        var decisions = Enumerable.Range(0, 50).Select(_ => router.DecideOnce()).ToList();

        // A decision the bad member failed is logged over the rest (good alone: 1); otherwise the bad member's own
        // probabilities (a point mass on 0) still count, and action 1 has 0.5.
        Assert.All(decisions, d => Assert.Equal(1, d.Action));
        Assert.Equal(bad.Decisions, decisions.Count(d => d.Propensity == 1.0));
        Assert.Equal(50 - bad.Decisions, decisions.Count(d => d.Propensity == 0.5));
        Assert.Equal(bad.Decisions, router.MemberFailures);
        Assert.InRange(bad.Decisions, 10, 40);
    }

    [Fact]
    public void GetProbabilities_WeightedVote_PointMassAndNoMemberDecides()
    {
        var a = new StubPolicy("a", 2, 0.6, actionCount: 3);
        var b = new StubPolicy("b", 1, 0.9, actionCount: 3);
        var router = new EnsembleRouter([(a, 2.0), (b, 1.0)], EnsembleMode.WeightedVote);

        Assert.Equal([0.0, 0.0, 1.0], router.Distribution());
        Assert.Equal((2, 1.0), (router.DecideOnce().Action, router.DecideOnce().Propensity));
        Assert.Equal((0L, 0L), (a.Decisions, b.Decisions));
    }

    [Fact]
    public void Decide_EveryMemberFails_Throws()
    {
        var router = new EnsembleRouter([(new StubPolicy("a", 0) { Failure = new InvalidOperationException() }, 1.0)]);

        var ex = Assert.Throws<InvalidOperationException>(() => router.DecideOnce());
        Assert.Contains("No member", ex.Message);
    }

    [Fact]
    public void Constructor_NonPositiveWeight_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EnsembleRouter([(new StubPolicy("a", 0), 0.0)]));
        Assert.Equal("members", ex.ParamName);
    }
}
