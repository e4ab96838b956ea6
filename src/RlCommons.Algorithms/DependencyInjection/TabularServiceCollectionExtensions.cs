using Microsoft.Extensions.Options;
using RlCommons.Algorithms.Tabular;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the tabular agents as singletons, with their options validated when the host starts
/// (see <see cref="RlCommonsServiceCollectionExtensions.AddRlCommonsAgent{TAgent, TOptions}"/>).
/// </summary>
public static class TabularServiceCollectionExtensions
{
    /// <summary>Registers a Q-learning agent (<see cref="QLearningAgent"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<QLearningOptions> AddQLearningAgent(this IServiceCollection services, Action<QLearningOptions>? configure = null)
        => services.AddRlCommonsAgent<QLearningAgent, QLearningOptions>(static (_, options) => new QLearningAgent(options), configure);

    /// <summary>Registers a SARSA agent (<see cref="SarsaAgent"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<SarsaOptions> AddSarsaAgent(this IServiceCollection services, Action<SarsaOptions>? configure = null)
        => services.AddRlCommonsAgent<SarsaAgent, SarsaOptions>(static (_, options) => new SarsaAgent(options), configure);
}
