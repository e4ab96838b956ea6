using RlCommons.Decisions;
using RlCommons.Safety.Fallback;
using RlCommons.Safety.Shield;

namespace RlCommons.Safety.Tests.Fallback;

/// <summary>The selector behind a decision point: the unit id reaches the shield, and the record keeps the unit and the source.</summary>
public class SafeSelectorThroughDecisionPointTests
{
    [Fact]
    public void Decide_WithUnit_ShieldSeesTheUnitAndTheRecordKeepsIt()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var shield = new SafetyShield([new ContactFatigueRule("one-contact-a-week", 1, TimeSpan.FromDays(7), a => a != 0)], clock);
        var learned = new RulePolicy(2, _ => 1);
        var baseline = new RulePolicy(2, _ => 0);
        var selector = new SafeSelector(learned, baseline, new SafeSelectorOptions { LearnedShare = 1 }, shield: shield);
        var point = new DecisionPoint(selector, new DecisionPointOptions { Name = "retention", Seed = 1, LearnOnline = false, TimeProvider = clock });

        DecisionRecord first = point.Decide([], "customer-7");
        DecisionRecord second = point.Decide([], "customer-7");
        DecisionRecord other = point.Decide([], "customer-8");
        DecisionRecord anonymous = point.Decide([]);

        Assert.Equal((1, DecisionSource.Learned, "customer-7"), (first.Action, first.Source, first.UnitId));
        Assert.Equal((0, DecisionSource.ShieldReplaced, "customer-7"), (second.Action, second.Source, second.UnitId));
        Assert.Equal((1, DecisionSource.Learned), (other.Action, other.Source));
        Assert.Null(anonymous.UnitId);
        Assert.Equal(1.0, second.Propensity);
    }
}
