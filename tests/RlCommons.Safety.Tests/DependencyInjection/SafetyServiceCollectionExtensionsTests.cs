using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RlCommons.Safety.Adjustment;
using RlCommons.Safety.Registry;
using RlCommons.Safety.Rollout;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.DependencyInjection;

public sealed class SafetyServiceCollectionExtensionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static NumericPolicy Policy(double threshold) => new(new Dictionary<string, double> { ["threshold"] = threshold });

    [Fact]
    public void AddRlCommonsKillSwitch_ResolvedTwice_IsOneSwitch()
    {
        using ServiceProvider provider = new ServiceCollection().AddRlCommonsKillSwitch().BuildServiceProvider();

        var first = provider.GetRequiredService<KillSwitch>();
        first.Engage();

        Assert.Same(first, provider.GetRequiredService<KillSwitch>());
        Assert.True(provider.GetRequiredService<KillSwitch>().IsGloballyEngaged);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddRlCommonsKillSwitch_WithForcingSource_EngagedWhileTheSourceSaysSo()
    {
        bool force = false;
        using ServiceProvider provider = new ServiceCollection().AddRlCommonsKillSwitch(_ => () => force).BuildServiceProvider();
        var killSwitch = provider.GetRequiredService<KillSwitch>();

        Assert.False(killSwitch.IsGloballyEngaged);
        force = true;
        Assert.True(killSwitch.IsGloballyEngaged);
    }

    [Fact]
    public void AddRlCommonsKillSwitch_ForcingSourceThrows_EngagedAndLoggedThroughTheContainersLoggerFactory()
    {
        using var factory = new SingleLoggerFactory();
        using ServiceProvider provider = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(factory)
            .AddRlCommonsKillSwitch(_ => () => throw new InvalidOperationException("configuration unavailable"))
            .BuildServiceProvider();
        var killSwitch = provider.GetRequiredService<KillSwitch>();

        Assert.True(killSwitch.IsEngaged("pricing"));
        Assert.Equal(1, killSwitch.SourceFailures);
        Assert.Contains(factory.Logger.Entries, e => e.EventId == 7003);
    }

    [Fact]
    public void AddRlCommonsKillSwitch_EarlierRegistration_Wins()
    {
        var mine = new KillSwitch();
        using ServiceProvider provider = new ServiceCollection().AddSingleton(mine).AddRlCommonsKillSwitch().BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<KillSwitch>());
    }

    [Fact]
    public void AddPolicyRegistry_TwoPolicies_OneRegistryEachOnTheContainersClock()
    {
        var clock = new FakeTimeProvider(T0);
        using ServiceProvider provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddPolicyRegistry("pricing")
            .AddPolicyRegistry("churn")
            .BuildServiceProvider();

        var pricing = provider.GetRequiredKeyedService<PolicyRegistry>("pricing");
        pricing.Register(Policy(0.5), "alice", "initial");

        Assert.Same(pricing, provider.GetRequiredKeyedService<PolicyRegistry>("pricing"));
        Assert.Empty(provider.GetRequiredKeyedService<PolicyRegistry>("churn").Versions);
        Assert.Equal(T0, pricing.AuditTrail[0].At);
    }

    [Fact]
    public void AddPolicyRegistry_WithFolder_PersistsAcrossContainers()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rlcommons-di-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (ServiceProvider first = new ServiceCollection().AddPolicyRegistry("pricing", folder).BuildServiceProvider())
            {
                PolicyRegistry registry = first.GetRequiredKeyedService<PolicyRegistry>("pricing");
                registry.Register(Policy(0.5), "alice", "initial");
                registry.Promote(1, "alice", "passed");
            }

            using ServiceProvider second = new ServiceCollection().AddPolicyRegistry("pricing", folder).BuildServiceProvider();
            Assert.Equal(1, second.GetRequiredKeyedService<PolicyRegistry>("pricing").CurrentVersion);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(" ", null, "policyId")]
    [InlineData("pricing", " ", "folder")]
    public void AddPolicyRegistry_BlankArgument_ThrowsNamingIt(string policyId, string? folder, string parameter)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddPolicyRegistry(policyId, folder));

        Assert.Equal(parameter, exception.ParamName);
    }

    private sealed class SingleLoggerFactory : ILoggerFactory
    {
        public ListLogger<KillSwitch> Logger { get; } = new();

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => Logger;

        public void Dispose()
        {
        }
    }
}
