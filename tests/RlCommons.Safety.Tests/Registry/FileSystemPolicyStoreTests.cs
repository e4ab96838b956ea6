using RlCommons.Safety.Adjustment;
using RlCommons.Safety.Registry;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Registry;

public sealed class FileSystemPolicyStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rlcommons-safety-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static NumericPolicy Policy(double threshold) => new(new Dictionary<string, double> { ["threshold"] = threshold });

    [Fact]
    public void Registry_ReopenedFromDisk_SeesVersionsCurrentAndAudit()
    {
        var registry = new PolicyRegistry(new FileSystemPolicyStore(_folder), new FakeTimeProvider(T0));
        registry.Register(Policy(0.25), "alice", "first", new Dictionary<string, double> { ["auc"] = 0.7 });
        registry.Promote(1, "alice", "ship it");

        var reopened = new PolicyRegistry(new FileSystemPolicyStore(_folder), new FakeTimeProvider(T0));
        NumericPolicy restored = Policy(0);
        reopened.Restore(1, restored);

        Assert.Equal(1, reopened.CurrentVersion);
        Assert.Equal(0.7, Assert.Single(reopened.Versions).Metrics["auc"]);
        Assert.Equal(0.25, restored["threshold"]);
        Assert.Equal([AuditAction.Registered, AuditAction.Promoted], reopened.AuditTrail.Select(e => e.Action));
        Assert.Equal("ship it", reopened.AuditTrail[1].Reason);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 17)]
    [InlineData(0, 40)]
    [InlineData(1, 0)]
    [InlineData(1, 30)]
    public void WriteVersion_CrashMidWrite_PreviousVersionStaysCurrent(int completedWrites, long crashAfterBytes)
    {
        var store = new FileSystemPolicyStore(_folder);
        var registry = new PolicyRegistry(store, new FakeTimeProvider(T0));
        registry.Register(Policy(0.25), "a", "v1");
        registry.Promote(1, "a", "go");

        // Write 0 is the snapshot, write 1 its metadata: a crash in either leaves no version 2.
        store.CrashSkipWrites = completedWrites;
        store.CrashAfterBytes = crashAfterBytes;
        Assert.Throws<IOException>(() => registry.Register(Policy(0.75), "a", "v2"));

        var reopened = new PolicyRegistry(new FileSystemPolicyStore(_folder), new FakeTimeProvider(T0));
        Assert.Equal(1, reopened.CurrentVersion);
        Assert.Equal(1, Assert.Single(reopened.Versions).Number);
        NumericPolicy restored = Policy(0);
        reopened.Restore(1, restored);
        Assert.Equal(0.25, restored["threshold"]);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_folder, "versions"), "*.tmp"));
    }

    [Fact]
    public void WriteCurrent_CrashMidWrite_PointerUnchanged()
    {
        var store = new FileSystemPolicyStore(_folder);
        var registry = new PolicyRegistry(store, new FakeTimeProvider(T0));
        registry.Register(Policy(0.25), "a", "v1");
        registry.Register(Policy(0.75), "a", "v2");
        registry.Promote(1, "a", "go");

        store.CrashAfterBytes = 0;
        Assert.Throws<IOException>(() => registry.Promote(2, "a", "go"));

        Assert.Equal(1, new PolicyRegistry(new FileSystemPolicyStore(_folder), new FakeTimeProvider(T0)).CurrentVersion);
    }

    [Fact]
    public void ListVersions_SnapshotCorruptedOnDisk_VersionNotListed()
    {
        var registry = new PolicyRegistry(new FileSystemPolicyStore(_folder), new FakeTimeProvider(T0));
        registry.Register(Policy(0.25), "a", "v1");
        registry.Register(Policy(0.5), "a", "v2");
        string path = Path.Combine(_folder, "versions", "000002.snapshot");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        Assert.Equal([1], registry.Versions.Select(v => v.Number));
        Assert.Throws<KeyNotFoundException>(() => registry.GetSnapshot(2));
    }

    [Fact]
    public void ReadAudit_TornLastLine_KeepsEarlierEntries()
    {
        var registry = new PolicyRegistry(new FileSystemPolicyStore(_folder), new FakeTimeProvider(T0));
        registry.Register(Policy(0.25), "a", "v1");
        File.AppendAllText(Path.Combine(_folder, "audit.jsonl"), "{\"At\":\"2026-11-");

        Assert.Single(new FileSystemPolicyStore(_folder).ReadAudit());
    }
}
