using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;
using RlCommons.Decisions;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests.DependencyInjection;

/// <summary>Arms from configuration: the rule for snapshots whose arms differ, and configuration changes on a live bandit.</summary>
public sealed class ArmConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rlcommons-arms-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SyncArms_AddsAndRemovesAndKeepsWhatTheKeptArmsLearned()
    {
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { Arms = ["a", "b", "c"], Seed = 1 });
        bandit.Update("b", 1.0);

        (IReadOnlyList<string> added, IReadOnlyList<string> removed) = bandit.SyncArms(["b", "c", "d"]);

        Assert.Equal(["d"], added);
        Assert.Equal(["a"], removed);
        Assert.Equal(["b", "c", "d"], bandit.Arms);
        Assert.Equal(3, bandit.GetArmIndex("d"));
        Assert.Equal(1.0, bandit.GetArmStatistics().Single(s => s.Name == "b").MeanReward);
        Assert.Equal(["b", "c", "d"], bandit.ConfiguredArms);
        Assert.Equal("arm", Assert.ThrowsAny<ArgumentException>(() => bandit.Update(0, 1.0)).ParamName);
    }

    [Fact]
    public void SyncArms_BadList_ThrowsAndChangesNothing()
    {
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { Arms = ["a", "b"], Seed = 1 });
        Assert.Equal("arms", Assert.Throws<ArgumentException>(() => bandit.SyncArms([])).ParamName);
        Assert.Contains("repeated", Assert.Throws<ArgumentException>(() => bandit.SyncArms(["c", "c"])).Message);
        Assert.Equal(["a", "b"], bandit.Arms);
    }

    [Fact]
    public void OptionsChange_ArmsReachTheLiveBanditAndOtherOptionsWarnForRestart()
    {
        var source = new ArmSource(["a", "b"], epsilon: 0.1);
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)));
        services.AddSingleton<IOptionsChangeTokenSource<EpsilonGreedyOptions>>(source);
        services.AddSingleton<IConfigureOptions<EpsilonGreedyOptions>>(source);
        services.AddEpsilonGreedyBandit(o => o.Seed = 3);
        using ServiceProvider provider = services.BuildServiceProvider();
        var bandit = provider.GetRequiredService<EpsilonGreedyBandit>();
        bandit.Update("a", 1.0);

        source.Change(["a", "b", "c"], epsilon: 0.1);
        Assert.Equal(["a", "b", "c"], bandit.Arms);
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 2001 && r.Message.Contains("added [c]", StringComparison.Ordinal));

        source.Change(["b", "c"], epsilon: 0.3);
        Assert.Equal(["b", "c"], bandit.Arms);
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 2001 && r.Message.Contains("removed [a]", StringComparison.Ordinal));
        FakeLogRecord warning = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 2002);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Epsilon", warning.Message, StringComparison.Ordinal);
        Assert.Contains("restarts", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnapshotWithOtherArms_ConfigurationWinsAndIsLogged()
    {
        string path = Path.Combine(_directory, "pricing.rlcs");
        var old = new LinUcbBandit(new LinUcbOptions { Arms = ["a", "b", "c", "d", "e"], Dimension = 2, Seed = 1 });
        old.Update("b", [1f, 1f], 1.0);
        Snapshot.Save(old, path);

        var configured = new LinUcbBandit(new LinUcbOptions { Arms = ["a", "b", "c", "d", "e", "f"], Dimension = 2, Seed = 1 });
        var logs = new FakeLogCollector();
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)));
        builder.Services.AddDecisionPoint("pricing", _ => configured, o => { o.SnapshotPath = path; o.Seed = 1; });
        using IHost host = builder.Build();

        await host.StartAsync();

        Assert.Equal(["a", "b", "c", "d", "e", "f"], configured.Arms);
        Assert.Equal(1, configured.UpdateCount);
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 1014 && r.Message.Contains("added [f]", StringComparison.Ordinal));
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 1010);
        var point = host.Services.GetRequiredKeyedService<DecisionPoint>("pricing");
        Assert.Equal(6, point.Policy.ActionCount);
        await host.StopAsync();
    }

    /// <summary>Options whose arms and ε the test changes, with the change token the options monitor listens to.</summary>
    private sealed class ArmSource(string[] arms, double epsilon) : IOptionsChangeTokenSource<EpsilonGreedyOptions>, IConfigureOptions<EpsilonGreedyOptions>, IDisposable
    {
        private CancellationTokenSource _change = new();
        private string[] _arms = arms;
        private double _epsilon = epsilon;

        public string Name => Options.DefaultName;

        public IChangeToken GetChangeToken() => new CancellationChangeToken(_change.Token);

        public void Configure(EpsilonGreedyOptions options)
        {
            options.Arms = [.. _arms];
            options.Epsilon = _epsilon;
        }

        public void Dispose() => _change.Dispose();

        public void Change(string[] arms, double epsilon)
        {
            (_arms, _epsilon) = (arms, epsilon);
            CancellationTokenSource previous = _change;
            _change = new CancellationTokenSource();
            previous.Cancel();
            previous.Dispose();
        }
    }
}
