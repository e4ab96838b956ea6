using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RlCommons.Algorithms;
using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the RlCommons bandits as singletons, with their options validated when the host starts
/// (see <see cref="RlCommonsServiceCollectionExtensions.AddRlCommonsAgent{TAgent, TOptions}"/>).
/// </summary>
/// <remarks>
/// Configuration changes (<see cref="IOptionsMonitor{TOptions}"/>, for example a reloaded <c>appsettings.json</c>) reach
/// the live bandit for its arms: arms added to the configuration are added (from the prior), arms removed are removed
/// (their index is never reused), and both are logged. Any other option that changed is logged as a warning: it takes
/// effect when the application restarts.
/// </remarks>
public static class BanditServiceCollectionExtensions
{
    /// <summary>Registers a ε-greedy bandit (<see cref="EpsilonGreedyBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<EpsilonGreedyOptions> AddEpsilonGreedyBandit(this IServiceCollection services, Action<EpsilonGreedyOptions>? configure = null)
        => AddBandit<EpsilonGreedyBandit, EpsilonGreedyOptions>(services, static options => new EpsilonGreedyBandit(options), configure);

    /// <summary>Registers a UCB1 bandit (<see cref="Ucb1Bandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<Ucb1Options> AddUcb1Bandit(this IServiceCollection services, Action<Ucb1Options>? configure = null)
        => AddBandit<Ucb1Bandit, Ucb1Options>(services, static options => new Ucb1Bandit(options), configure);

    /// <summary>Registers a Beta–Bernoulli Thompson sampling bandit (<see cref="ThompsonSamplingBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<ThompsonSamplingOptions> AddThompsonSamplingBandit(this IServiceCollection services, Action<ThompsonSamplingOptions>? configure = null)
        => AddBandit<ThompsonSamplingBandit, ThompsonSamplingOptions>(services, static options => new ThompsonSamplingBandit(options), configure);

    /// <summary>Registers a Gaussian Thompson sampling bandit (<see cref="GaussianThompsonSamplingBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<GaussianThompsonSamplingOptions> AddGaussianThompsonSamplingBandit(this IServiceCollection services, Action<GaussianThompsonSamplingOptions>? configure = null)
        => AddBandit<GaussianThompsonSamplingBandit, GaussianThompsonSamplingOptions>(services, static options => new GaussianThompsonSamplingBandit(options), configure);

    /// <summary>Registers a softmax (Boltzmann) bandit (<see cref="SoftmaxBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<SoftmaxOptions> AddSoftmaxBandit(this IServiceCollection services, Action<SoftmaxOptions>? configure = null)
        => AddBandit<SoftmaxBandit, SoftmaxOptions>(services, static options => new SoftmaxBandit(options), configure);

    /// <summary>Registers a EXP3 bandit (<see cref="Exp3Bandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<Exp3Options> AddExp3Bandit(this IServiceCollection services, Action<Exp3Options>? configure = null)
        => AddBandit<Exp3Bandit, Exp3Options>(services, static options => new Exp3Bandit(options), configure);

    /// <summary>Registers a LinUCB bandit (<see cref="LinUcbBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<LinUcbOptions> AddLinUcbBandit(this IServiceCollection services, Action<LinUcbOptions>? configure = null)
        => AddBandit<LinUcbBandit, LinUcbOptions>(services, static options => new LinUcbBandit(options), configure);

    /// <summary>Registers a linear Thompson sampling bandit (<see cref="LinearThompsonSamplingBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<LinearThompsonSamplingOptions> AddLinearThompsonSamplingBandit(this IServiceCollection services, Action<LinearThompsonSamplingOptions>? configure = null)
        => AddBandit<LinearThompsonSamplingBandit, LinearThompsonSamplingOptions>(services, static options => new LinearThompsonSamplingBandit(options), configure);

    /// <summary>Registers a ε-greedy ridge bandit (<see cref="LinearEpsilonGreedyBandit"/>) and its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder (for example to bind configuration).</returns>
    public static OptionsBuilder<LinearEpsilonGreedyOptions> AddLinearEpsilonGreedyBandit(this IServiceCollection services, Action<LinearEpsilonGreedyOptions>? configure = null)
        => AddBandit<LinearEpsilonGreedyBandit, LinearEpsilonGreedyOptions>(services, static options => new LinearEpsilonGreedyBandit(options), configure);

    private static OptionsBuilder<TOptions> AddBandit<TBandit, TOptions>(IServiceCollection services, Func<TOptions, TBandit> create, Action<TOptions>? configure)
        where TBandit : Bandit
        where TOptions : BanditOptions
        => services.AddRlCommonsAgent<TBandit, TOptions>(
            (provider, options) =>
            {
                TBandit bandit = create(options);
                ILogger logger = provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(TBandit).FullName!) ?? NullLogger.Instance;
                IOptionsMonitor<TOptions> monitor = provider.GetRequiredService<IOptionsMonitor<TOptions>>();
                TOptions applied = options;
                monitor.OnChange((changed, name) =>
                {
                    if (!string.IsNullOrEmpty(name))
                    {
                        return;
                    }

                    OnOptionsChanged(bandit, applied, changed, logger);
                    applied = changed;
                });
                return bandit;
            },
            configure);

    // Applies the arms of the new options to the live bandit; reports the other options that changed.
    private static void OnOptionsChanged(Bandit bandit, BanditOptions before, BanditOptions after, ILogger logger)
    {
        string agent = bandit.GetType().Name;
        try
        {
            (IReadOnlyList<string> added, IReadOnlyList<string> removed) = bandit.SyncArms(after.ResolveArmNames());
            if (added.Count > 0 || removed.Count > 0)
            {
                string addedNames = string.Join(", ", added);
                string removedNames = string.Join(", ", removed);
                Log.ArmsSynchronized(logger, agent, addedNames, removedNames);
            }
        }
        catch (ArgumentException e)
        {
            Log.ConfigurationRejected(logger, e, agent);
        }

        string[] others = [.. before.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name is not (nameof(BanditOptions.Arms) or nameof(BanditOptions.ArmCount) or nameof(BanditOptions.TimeProvider) or nameof(BanditOptions.Random))
                && p.GetIndexParameters().Length == 0
                && !Equals(p.GetValue(before), p.GetValue(after)))
            .Select(p => p.Name)];
        if (others.Length > 0)
        {
            Log.RestartNeeded(logger, agent, string.Join(", ", others));
        }
    }
}
