using RlCommons.Safety.Fallback;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Fallback;

public sealed class EnsembleRouterTests
{
    [Fact]
    public void Decide_WeightedRouting_SharesFollowWeightsAndPropensityIsMixture()
    {
        var router = new EnsembleRouter<int>("ens", [(new StubPolicy("a", 0), 1.0), (new StubPolicy("b", 1), 3.0), (new RulePolicy<int>("rule", _ => 1), 1.0)], seed: 5);
        var decisions = Enumerable.Range(0, 10_000).Select(_ => router.Decide(0)).ToList();

        // Action 0 only from "a" (weight 1/5); action 1 from "b" and "rule" (4/5).
        Assert.All(decisions.Where(d => d.Decision.Action == 0), d => Assert.Equal(0.2, d.Decision.Propensity, 1e-15));
        Assert.All(decisions.Where(d => d.Decision.Action == 1), d => Assert.Equal(0.8, d.Decision.Propensity, 1e-15));
        Assert.InRange(decisions.Count(d => d.PolicyId == "b"), 5800, 6200);
    }

    [Fact]
    public void Decide_WeightedVote_HeaviestActionWins()
    {
        var router = new EnsembleRouter<int>("ens", [(new StubPolicy("a", 2), 1.0), (new StubPolicy("b", 1), 1.5), (new StubPolicy("c", 2), 1.0)], EnsembleMode.WeightedVote);

        SafeDecision d = router.Decide(0);

        Assert.Equal(2, d.Decision.Action);
        Assert.Equal(1.0, d.Decision.Propensity);
        Assert.Equal("ens", d.PolicyId);
    }

    [Fact]
    public void Decide_FailingMember_LeftOutAndWeightsRenormalized()
    {
        var router = new EnsembleRouter<int>("ens", [(new StubPolicy("a", 0) { Failure = new InvalidOperationException() }, 1.0), (new StubPolicy("b", 1), 1.0)]);

        SafeDecision d = router.Decide(0);

        Assert.Equal("b", d.PolicyId);
        Assert.Equal(1.0, d.Decision.Propensity);
    }

    [Fact]
    public void Constructor_NonPositiveWeight_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EnsembleRouter<int>("ens", [(new StubPolicy("a", 0), 0.0)]));
        Assert.Equal("members", ex.ParamName);
    }
}
