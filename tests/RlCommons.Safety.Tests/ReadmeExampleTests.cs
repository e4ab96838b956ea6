using RlCommons.Decisions;
using RlCommons.Policies;
using RlCommons.Safety.Fallback;
using RlCommons.Safety.Guardrails;
using RlCommons.Safety.Rollout;
using RlCommons.Safety.Shield;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests;

/// <summary>Runs the code of the README paragraph proposed for RlCommons.Safety, as written there.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void SafetyExample_RunsAsWritten_RoutesShieldsAndGuards()
    {
        TimeProvider clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        IPolicy learnedPolicy = new RulePolicy(3, f => (int)f[0] % 3, featureCount: 1);
        float[] features = [7];
        string customerId = "customer-7";
        double revenue = 12.5;

        // safety-example begin
        var kill = new KillSwitch(() => Environment.GetEnvironmentVariable("FORCE_BASELINE") == "1");
        var rollout = new GradualRollout("pricing-v2",
            [new(TimeSpan.Zero, 0.01), new(TimeSpan.FromDays(7), 0.10), new(TimeSpan.FromDays(30), 0.50)],
            start: clock.GetUtcNow(), clock);
        var shield = new SafetyShield(
            [new ContactFatigueRule("max-3-per-week", 3, TimeSpan.FromDays(7), a => a != 0),
             new QuietHoursRule("quiet-nights", TimeZoneInfo.Utc, new TimeOnly(21, 0), new TimeOnly(8, 0), a => a != 0)],
            clock);
        var rules = new RulePolicy(actionCount: 3, _ => 0);    // today's rule: always action 0
        var selector = new SafeSelector(learnedPolicy, rules,
            new SafeSelectorOptions { LearnedPolicyId = "pricing-v2" }, kill, rollout, shield);
        var guardrail = new Guardrail(new GuardrailOptions { Name = "revenue", MixingVariance = 4 }, clock);

        Decision d = selector.Decide(features, customerId);    // action, mixture propensity, d.Source: who acted and why
        if (d.Source == DecisionSource.Learned) guardrail.RecordTreated(revenue);
        else guardrail.RecordBaseline(revenue);
        // safety-example end

        bool included = rollout.Includes(customerId);
        Assert.Equal(included ? DecisionSource.Learned : DecisionSource.Baseline, d.Source);
        Assert.Equal(included ? 1 : 0, d.Action);
        Assert.Equal(1.0, d.Propensity);
        Assert.Equal(0.01, rollout.CurrentShare);
        Assert.Null(guardrail.Breach);
    }

    [Fact]
    public void Example_ReadmeBlock_MatchesTheCodeThisTestRuns()
        => DocumentedCode.AssertShownAsTested("README.md", "tests/RlCommons.Safety.Tests/ReadmeExampleTests.cs", "safety-example");
}
