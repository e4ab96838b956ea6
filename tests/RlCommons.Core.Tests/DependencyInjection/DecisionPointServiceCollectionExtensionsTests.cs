using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RlCommons.Core.Tests.Decisions;
using RlCommons.Decisions;
using RlCommons.Policies;
using RlCommons.Snapshots;
using Clock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace RlCommons.Core.Tests.DependencyInjection;

public sealed class DecisionPointServiceCollectionExtensionsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("rlcommons-di-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AddDecisionPoint_TwoNames_TwoKeyedPointsSharingOneLog()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new Clock(Start));
        services.AddDecisionPoint("checkout", _ => new TestPolicy([0.5, 0.5]), o => o.Seed = 1);
        services.AddDecisionPoint("search", _ => new TestPolicy([1.0]), o => { o.Seed = 2; o.PolicyVersion = "7"; });
        using ServiceProvider provider = services.BuildServiceProvider();

        var checkout = provider.GetRequiredKeyedService<DecisionPoint>("checkout");
        var search = provider.GetRequiredKeyedService<DecisionPoint>("search");

        Assert.Same(checkout, provider.GetRequiredKeyedService<DecisionPoint>("checkout"));
        Assert.Equal("checkout", checkout.Name);
        Assert.Equal("7", search.PolicyVersion);
        Assert.Same(provider.GetRequiredService<IDecisionLog>(), checkout.DecisionLog);
        Assert.Same(checkout.DecisionLog, search.DecisionLog);
        DecisionRecord record = search.Decide([1f, 2f]);
        Assert.Equal(Start, record.Timestamp);
        Assert.Single(checkout.DecisionLog.Read("search"));
    }

    [Fact]
    public void AddDecisionPoint_SameNameTwice_ThrowsNamingIt()
    {
        var services = new ServiceCollection();
        services.AddDecisionPoint("checkout", _ => new TestPolicy([1.0]));
        var e = Assert.Throws<InvalidOperationException>(() => services.AddDecisionPoint("checkout", _ => new TestPolicy([1.0])));
        Assert.Contains("'checkout' is registered already", e.Message);
    }

    [Fact]
    public void AddDecisionPoint_InvalidOptions_FailOnStart()
    {
        var services = new ServiceCollection();
        services.AddDecisionPoint("checkout", _ => new TestPolicy([1.0]), o => o.AttributionWindow = TimeSpan.Zero);
        using ServiceProvider provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(e.Failures, f => f.Contains("AttributionWindow", StringComparison.Ordinal));
    }

    [Fact]
    public void AddDecisionPoint_RegisteredLog_IsUsed()
    {
        var services = new ServiceCollection();
        var log = new InMemoryDecisionLog(capacity: 10);
        services.AddSingleton<IDecisionLog>(log);
        services.AddDecisionPoint("checkout", _ => new TestPolicy([1.0]));
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Same(log, provider.GetRequiredKeyedService<DecisionPoint>("checkout").DecisionLog);
    }

    [Fact]
    public async Task HostedService_SavesAtStopAndLoadsAtStart()
    {
        string path = Path.Combine(_directory, "checkout.rlcs");
        var first = new CountingPolicy();
        using (IHost host = Host(first, path))
        {
            await host.StartAsync();
            var point = host.Services.GetRequiredKeyedService<DecisionPoint>("checkout");
            for (int i = 0; i < 5; i++)
            {
                point.Decide([]);
            }

            await host.StopAsync();
        }

        Assert.True(File.Exists(path));
        var second = new CountingPolicy();
        using (IHost host = Host(second, path))
        {
            await host.StartAsync();
            Assert.Equal(5, second.Decisions);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task HostedService_CorruptSnapshot_StartsFresh()
    {
        string path = Path.Combine(_directory, "checkout.rlcs");
        await File.WriteAllTextAsync(path, "not a snapshot");
        var policy = new CountingPolicy();
        using IHost host = Host(policy, path);

        await host.StartAsync();

        Assert.Equal(0, policy.Decisions);
        await host.StopAsync();
    }

    private static IHost Host(CountingPolicy policy, string path)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDecisionPoint("checkout", _ => policy, o =>
        {
            o.SnapshotPath = path;
            o.LearnOnline = false;
            o.Seed = 1;
        });
        return builder.Build();
    }

    /// <summary>A one-action policy whose state is its decision count.</summary>
    private sealed class CountingPolicy : IPolicy, ISnapshotable
    {
        private long _decisions;

        public long Decisions => Interlocked.Read(ref _decisions);

        public int ActionCount => 1;

        public int FeatureCount => 0;

        public string SnapshotType => "Tests.CountingPolicy";

        public int SnapshotVersion => 1;

        public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
            => new(0, 1, 0, false, Interlocked.Increment(ref _decisions), 0);

        public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => probabilities[0] = 1;

        public void WriteSnapshot(SnapshotWriter writer) => writer.WriteInt64(Decisions);

        public void ReadSnapshot(SnapshotReader reader, int version) => Interlocked.Exchange(ref _decisions, reader.ReadInt64());
    }
}
