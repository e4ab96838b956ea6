using Microsoft.Extensions.Options;
using RlCommons.Bandits;
using RlCommons.Contextual;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the RlCommons bandits as singletons, with their options validated when the host starts
/// (see <see cref="RlCommonsServiceCollectionExtensions.AddRlCommonsAgent{TAgent, TOptions}"/>).
/// </summary>
public static class BanditServiceCollectionExtensions
{
    /// <summary>Registers a ε-greedy bandit (<see cref="EpsilonGreedyBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<EpsilonGreedyOptions> AddEpsilonGreedyBandit(this IServiceCollection services, Action<EpsilonGreedyOptions>? configure = null)
        => services.AddRlCommonsAgent<EpsilonGreedyBandit, EpsilonGreedyOptions>(static (_, options) => new EpsilonGreedyBandit(options), configure);

    /// <summary>Registers a UCB1 bandit (<see cref="Ucb1Bandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<Ucb1Options> AddUcb1Bandit(this IServiceCollection services, Action<Ucb1Options>? configure = null)
        => services.AddRlCommonsAgent<Ucb1Bandit, Ucb1Options>(static (_, options) => new Ucb1Bandit(options), configure);

    /// <summary>Registers a Beta–Bernoulli Thompson sampling bandit (<see cref="ThompsonSamplingBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<ThompsonSamplingOptions> AddThompsonSamplingBandit(this IServiceCollection services, Action<ThompsonSamplingOptions>? configure = null)
        => services.AddRlCommonsAgent<ThompsonSamplingBandit, ThompsonSamplingOptions>(static (_, options) => new ThompsonSamplingBandit(options), configure);

    /// <summary>Registers a Gaussian Thompson sampling bandit (<see cref="GaussianThompsonSamplingBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<GaussianThompsonSamplingOptions> AddGaussianThompsonSamplingBandit(this IServiceCollection services, Action<GaussianThompsonSamplingOptions>? configure = null)
        => services.AddRlCommonsAgent<GaussianThompsonSamplingBandit, GaussianThompsonSamplingOptions>(static (_, options) => new GaussianThompsonSamplingBandit(options), configure);

    /// <summary>Registers a softmax (Boltzmann) bandit (<see cref="SoftmaxBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<SoftmaxOptions> AddSoftmaxBandit(this IServiceCollection services, Action<SoftmaxOptions>? configure = null)
        => services.AddRlCommonsAgent<SoftmaxBandit, SoftmaxOptions>(static (_, options) => new SoftmaxBandit(options), configure);

    /// <summary>Registers a EXP3 bandit (<see cref="Exp3Bandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<Exp3Options> AddExp3Bandit(this IServiceCollection services, Action<Exp3Options>? configure = null)
        => services.AddRlCommonsAgent<Exp3Bandit, Exp3Options>(static (_, options) => new Exp3Bandit(options), configure);

    /// <summary>Registers a LinUCB bandit (<see cref="LinUcbBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<LinUcbOptions> AddLinUcbBandit(this IServiceCollection services, Action<LinUcbOptions>? configure = null)
        => services.AddRlCommonsAgent<LinUcbBandit, LinUcbOptions>(static (_, options) => new LinUcbBandit(options), configure);

    /// <summary>Registers a linear Thompson sampling bandit (<see cref="LinearThompsonSamplingBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<LinearThompsonSamplingOptions> AddLinearThompsonSamplingBandit(this IServiceCollection services, Action<LinearThompsonSamplingOptions>? configure = null)
        => services.AddRlCommonsAgent<LinearThompsonSamplingBandit, LinearThompsonSamplingOptions>(static (_, options) => new LinearThompsonSamplingBandit(options), configure);

    /// <summary>Registers a ε-greedy ridge bandit (<see cref="LinearEpsilonGreedyBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<LinearEpsilonGreedyOptions> AddLinearEpsilonGreedyBandit(this IServiceCollection services, Action<LinearEpsilonGreedyOptions>? configure = null)
        => services.AddRlCommonsAgent<LinearEpsilonGreedyBandit, LinearEpsilonGreedyOptions>(static (_, options) => new LinearEpsilonGreedyBandit(options), configure);
}
