using RlCommons.Safety.Adjustment;
using RlCommons.Safety.Registry;
using RlCommons.Safety.Tests.TestSupport;
using RlCommons.Snapshots;

namespace RlCommons.Safety.Tests.Registry;

public sealed class PolicyRegistryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static NumericPolicy Policy(double threshold) => new(new Dictionary<string, double> { ["threshold"] = threshold, ["weight"] = 0.1 + threshold });

    [Fact]
    public void Register_Versions_KeepParentMetadataAndAudit()
    {
        var clock = new FakeTimeProvider(T0);
        var registry = new PolicyRegistry(new InMemoryPolicyStore(), clock);

        PolicyVersion v1 = registry.Register(Policy(0.5), "alice", "initial", new Dictionary<string, double> { ["ips"] = 0.31 });
        registry.Promote(1, "alice", "offline eval passed");
        clock.Advance(TimeSpan.FromHours(1));
        PolicyVersion v2 = registry.Register(Policy(0.6), "trainer", "nightly retrain");

        Assert.Equal((1, (int?)null, "alice", 0.31), (v1.Number, v1.Parent, v1.CreatedBy, v1.Metrics["ips"]));
        Assert.Equal((2, (int?)1, T0.AddHours(1)), (v2.Number, v2.Parent, v2.Created));
        Assert.Equal(1, registry.CurrentVersion);
        Assert.Equal(
            [(AuditAction.Registered, (int?)1, "alice"), (AuditAction.Promoted, 1, "alice"), (AuditAction.Registered, 2, "trainer")],
            registry.AuditTrail.Select(e => (e.Action, e.Version, e.Actor)));
        Assert.Equal("offline eval passed", registry.AuditTrail[1].Reason);
    }

    [Fact]
    public void Rollback_ToAnyVersion_RestoresBitIdenticalState()
    {
        var registry = new PolicyRegistry(new InMemoryPolicyStore(), new FakeTimeProvider(T0));
        NumericPolicy original = Policy(1.0 / 3);
        byte[] registered = Snapshot.ToBytes(original, new FakeTimeProvider(T0));
        registry.Register(registered, "a", "v1");
        registry.Register(Policy(0.9), "a", "v2");
        registry.Promote(2, "a", "try v2");

        registry.Rollback(1, "bob", "v2 hurt revenue");
        NumericPolicy restored = Policy(0);
        registry.Restore(1, restored);

        Assert.Equal(1, registry.CurrentVersion);
        Assert.Equal(registered, registry.GetSnapshot(1));
        Assert.Equal(BitConverter.DoubleToInt64Bits(1.0 / 3), BitConverter.DoubleToInt64Bits(restored["threshold"]));
        AuditEntry last = registry.AuditTrail[^1];
        Assert.Equal((AuditAction.RolledBack, (int?)1, (int?)2, "bob", "v2 hurt revenue"), (last.Action, last.Version, last.PreviousVersion, last.Actor, last.Reason));
    }

    [Fact]
    public void LastGoodVersion_SkipsVersionsRolledBackFrom()
    {
        var registry = new PolicyRegistry(new InMemoryPolicyStore(), new FakeTimeProvider(T0));
        for (int i = 0; i < 4; i++)
        {
            registry.Register(Policy(i), "a", $"v{i + 1}");
        }

        Assert.Null(registry.LastGoodVersion);
        registry.Promote(1, "a", "go");
        registry.Promote(2, "a", "go");
        registry.Rollback(1, "a", "bad");
        registry.Promote(3, "a", "go");

        // 2 was rolled back from, so the good one before 3 is 1.
        Assert.Equal(1, registry.LastGoodVersion);
        registry.RollbackToBaseline("guardrail", "breach");
        Assert.Null(registry.CurrentVersion);
        Assert.Equal(1, registry.LastGoodVersion);
    }

    [Fact]
    public void Promote_UnknownVersion_Throws()
    {
        var registry = new PolicyRegistry(new InMemoryPolicyStore(), new FakeTimeProvider(T0));
        Assert.Throws<KeyNotFoundException>(() => registry.Promote(7, "a", "b"));
    }

    [Fact]
    public void Register_NotASnapshot_Throws()
    {
        var registry = new PolicyRegistry(new InMemoryPolicyStore(), new FakeTimeProvider(T0));
        Assert.Throws<SnapshotException>(() => registry.Register(new byte[] { 1, 2, 3 }, "a", "b"));
    }
}
