using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RlCommons.Algorithms.Tabular;

namespace RlCommons.Algorithms.Tests.DependencyInjection;

/// <summary>AddQLearningAgent and AddSarsaAgent register singletons built from validated options.</summary>
public class TabularServiceCollectionExtensionsTests
{
    [Fact]
    public void AddQLearningAgent_ValidOptions_RegistersConfiguredSingleton()
    {
        var services = new ServiceCollection();
        services.AddQLearningAgent(o => { o.StateCount = 5; o.ActionCount = 3; o.Seed = 9; });
        using ServiceProvider provider = services.BuildServiceProvider();

        var agent = provider.GetRequiredService<QLearningAgent>();

        Assert.Same(agent, provider.GetRequiredService<QLearningAgent>());
        Assert.Equal(5, agent.StateCount);
        Assert.Equal(3, agent.ActionCount);
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddSarsaAgent_InvalidOptions_FailsOnStart()
    {
        var services = new ServiceCollection();
        services.AddSarsaAgent(o => { o.StateCount = 0; o.ActionCount = 3; });
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("StateCount", ex.Message, StringComparison.Ordinal);
    }
}
