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
        IPolicy<int> learnedPolicy = new RulePolicy<int>("learned", c => c % 3);
        int customer = 7;
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
        var selector = new SafeSelector<int>(learnedPolicy, new RulePolicy<int>("rules", c => 0),
            new SafeSelectorOptions(), kill, rollout, shield);
        var guardrail = new Guardrail(new GuardrailOptions { Name = "revenue", MixingVariance = 4 }, clock);

        SafeDecision d = selector.Decide(customer, customerId);    // who acted, why, mixture propensity
        if (d.Source == DecisionSource.Learned) guardrail.RecordTreated(revenue);
        else guardrail.RecordBaseline(revenue);
        // safety-example end

        Assert.Equal(rollout.Includes(customerId) ? "learned" : "rules", d.PolicyId);
        Assert.Equal(0.01, rollout.CurrentShare);
        Assert.Null(guardrail.Breach);
    }

    [Fact]
    public void Example_ReadmeBlock_MatchesTheCodeThisTestRuns()
        => DocumentedCode.AssertShownAsTested("README.md", "tests/RlCommons.Safety.Tests/ReadmeExampleTests.cs", "safety-example");
}
