using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RlCommons.DependencyInjection;
using RlCommons.Validation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RlCommons agents in an <see cref="IServiceCollection"/>.</summary>
public static class RlCommonsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TAgent"/> as a singleton built by <paramref name="factory"/> from its options,
    /// and the options themselves, validated when the host starts (<c>ValidateOnStart</c>). A
    /// <see cref="TimeProvider"/> registered in the container becomes the options' clock unless
    /// <paramref name="configure"/> sets another. One agent of each type per container: a second registration throws
    /// rather than silently merging the two configurations (register several agents as named decision points with
    /// <see cref="DecisionPointServiceCollectionExtensions.AddDecisionPoint"/>).
    /// </summary>
    /// <typeparam name="TAgent">The agent type.</typeparam>
    /// <typeparam name="TOptions">The agent's options type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="factory">Builds the agent from the service provider and the validated options.</param>
    /// <param name="configure">Sets the options; optional (bind from configuration through the returned builder instead).</param>
    /// <returns>The options builder, for further configuration such as <c>BindConfiguration</c>.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="TAgent"/> is registered already.</exception>
    public static OptionsBuilder<TOptions> AddRlCommonsAgent<TAgent, TOptions>(
        this IServiceCollection services,
        Func<IServiceProvider, TOptions, TAgent> factory,
        Action<TOptions>? configure = null)
        where TAgent : class
        where TOptions : AgentOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        if (services.Any(d => d.ServiceType == typeof(TAgent) && !d.IsKeyedService))
        {
            throw new InvalidOperationException(
                $"{typeof(TAgent).Name} is registered already; a second registration would merge both configurations into one agent. Register several agents as named decision points (AddDecisionPoint).");
        }

        OptionsBuilder<TOptions> builder = services.AddOptions<TOptions>();
        builder.Configure<IServiceProvider>(static (options, provider) =>
        {
            if (provider.GetService<TimeProvider>() is { } clock)
            {
                options.TimeProvider = clock;
            }
        });
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, AgentOptionsValidator<TOptions>>());
        services.TryAddSingleton(provider => factory(provider, provider.GetRequiredService<IOptions<TOptions>>().Value));
        return builder;
    }
}
