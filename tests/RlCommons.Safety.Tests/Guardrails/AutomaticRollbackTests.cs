using RlCommons.Decisions;
using RlCommons.Safety.Adjustment;
using RlCommons.Safety.Fallback;
using RlCommons.Safety.Guardrails;
using RlCommons.Safety.Registry;
using RlCommons.Safety.Rollout;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Guardrails;

public sealed class AutomaticRollbackTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private static NumericPolicy Numeric(double action) => new(new Dictionary<string, double> { ["action"] = action });

    // Drives decisions through the selector: the learned policy's reward is its action minus 3 (action 1 is worse than
    // the baseline's reward 0 ... action 3 is equal), with noise.
    private static void Drive(SafeSelector selector, Guardrail guardrail, int decisions, ulong seed)
    {
        var noise = new Gaussian(seed);
        for (int i = 0; i < decisions; i++)
        {
            Decision d = selector.DecideOnce(i);
            if (d.Source == DecisionSource.Learned)
            {
                guardrail.RecordTreated(d.Action - 3 + noise.Next());
            }
            else
            {
                guardrail.RecordBaseline(noise.Next());
            }
        }
    }

    [Fact]
    public void Breach_WithLastGoodVersion_RollsBackRestoresAndAudits()
    {
        var clock = new FakeTimeProvider(T0);
        var registry = new PolicyRegistry(new InMemoryPolicyStore(), clock);
        registry.Register(Numeric(3), "alice", "v1");
        registry.Promote(1, "alice", "good");
        registry.Register(Numeric(1), "trainer", "v2");
        registry.Promote(2, "alice", "try v2");
        var kill = new KillSwitch();
        var selector = new SafeSelector(new RulePolicy(4, _ => 1), new RulePolicy(4, _ => 0), new SafeSelectorOptions { LearnedShare = 0.5, Seed = 3, LearnedPolicyId = "learned-v2" }, kill);
        var guardrail = new Guardrail(new GuardrailOptions { Name = "revenue" }, clock);
        var rollback = new AutomaticRollback(registry, kill, "learned", version =>
        {
            NumericPolicy restored = Numeric(0);
            registry.Restore(version!.Value, restored);
            selector.ReplaceLearned(new RulePolicy(4, _ => (int)restored["action"]), $"learned-v{version}");
        });
        var events = new List<RollbackEventArgs>();
        rollback.RolledBack += (_, e) => events.Add(e);
        rollback.Watch(guardrail);

        Drive(selector, guardrail, 400, 11);

        RollbackEventArgs e = Assert.Single(events);
        Assert.Equal((2, 1), (e.FromVersion, e.ToVersion));
        Assert.Equal(1, registry.CurrentVersion);
        Assert.Equal("learned-v1", selector.LearnedPolicyId);
        AuditEntry last = registry.AuditTrail[^1];
        Assert.Equal((AuditAction.RolledBack, "guardrail:revenue", (int?)2), (last.Action, last.Actor, last.PreviousVersion));
        Assert.Contains("always-valid p", last.Reason);
        Assert.Null(guardrail.Breach);
    }

    [Fact]
    public void Breach_WithoutGoodVersion_RollsBackToBaselineAndEngagesKillSwitch()
    {
        var clock = new FakeTimeProvider(T0);
        var registry = new PolicyRegistry(new InMemoryPolicyStore(), clock);
        registry.Register(Numeric(1), "trainer", "v1");
        registry.Promote(1, "alice", "first try");
        var kill = new KillSwitch();
        var selector = new SafeSelector(new RulePolicy(4, _ => 1), new RulePolicy(4, _ => 0), new SafeSelectorOptions { LearnedShare = 0.5, Seed = 4 }, kill);
        var guardrail = new Guardrail(new GuardrailOptions(), clock);
        int? activated = -1;
        var rollback = new AutomaticRollback(registry, kill, "learned", v => activated = v);
        rollback.Watch(guardrail);

        Drive(selector, guardrail, 400, 12);

        Assert.Null(activated);
        Assert.Null(registry.CurrentVersion);
        Assert.True(kill.IsEngaged("learned"));
        Assert.Equal(AuditAction.RolledBackToBaseline, registry.AuditTrail[^1].Action);
        Assert.Equal(DecisionSource.KillSwitch, selector.DecideOnce().Source);
    }

    [Fact]
    public void Violation_OkrConstraint_TriggersRollback()
    {
        var clock = new FakeTimeProvider(T0);
        var registry = new PolicyRegistry(new InMemoryPolicyStore(), clock);
        registry.Register(Numeric(3), "a", "v1");
        registry.Promote(1, "a", "go");
        registry.Register(Numeric(3), "a", "v2");
        registry.Promote(2, "a", "go");
        var guardrail = new Guardrail(new GuardrailOptions { Name = "okr" }, clock);
        var logger = new ListLogger<AutomaticRollback>();
        var rollback = new AutomaticRollback(registry, new KillSwitch(), "learned", _ => { }, logger);
        rollback.Watch(guardrail);

        guardrail.RecordViolation("constraint 'churn <= 2%' violated: 2.4%");

        Assert.Equal(1, registry.CurrentVersion);
        Assert.Contains("churn <= 2%", registry.AuditTrail[^1].Reason);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal((Microsoft.Extensions.Logging.LogLevel.Warning, 7001), (entry.Level, entry.EventId));
        Assert.Contains("from version 2 to 1", entry.Message);
    }
}
