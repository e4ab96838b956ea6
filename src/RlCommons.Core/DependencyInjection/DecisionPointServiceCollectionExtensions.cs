using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RlCommons.Decisions;
using RlCommons.DependencyInjection;
using RlCommons.Policies;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers named decision points: one keyed <see cref="DecisionPoint"/> per name, sharing one decision log.</summary>
public static class DecisionPointServiceCollectionExtensions
{
    /// <summary>
    /// Registers the decision point <paramref name="name"/> as a keyed singleton (resolve it with
    /// <c>GetRequiredKeyedService&lt;DecisionPoint&gt;(name)</c> or <c>[FromKeyedServices(name)]</c>), its options as named
    /// options validated when the host starts, an <see cref="InMemoryDecisionLog"/> shared by every point unless an
    /// <see cref="IDecisionLog"/> is registered, and the hosted maintenance service that loads the policy's snapshot at
    /// start, closes expired attribution windows and saves the snapshot on an interval and at stop. The container's
    /// <see cref="TimeProvider"/>, <see cref="ILoggerFactory"/> and <see cref="IMeterFactory"/> are used when registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The decision point's name: unique in the container.</param>
    /// <param name="policy">Builds the policy (called once, when the point is first resolved).</param>
    /// <param name="configure">Sets the options (the name is set already); optional.</param>
    /// <returns>The options builder, for example to bind configuration.</returns>
    /// <exception cref="InvalidOperationException">A decision point called <paramref name="name"/> is registered already.</exception>
    public static OptionsBuilder<DecisionPointOptions> AddDecisionPoint(this IServiceCollection services, string name, Func<IServiceProvider, IPolicy> policy, Action<DecisionPointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(policy);
        if (services.Any(d => d.ServiceType == typeof(DecisionPoint) && d.IsKeyedService && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException($"A decision point called '{name}' is registered already; give each decision point its own name.");
        }

        OptionsBuilder<DecisionPointOptions> builder = services.AddOptions<DecisionPointOptions>(name);
        builder.Configure<IServiceProvider>((options, provider) =>
        {
            options.Name = name;
            if (provider.GetService<TimeProvider>() is { } clock)
            {
                options.TimeProvider = clock;
            }
        });
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.Configure(options => options.Name = name);
        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DecisionPointOptions>, AgentOptionsValidator<DecisionPointOptions>>());
        services.TryAddSingleton<IDecisionLog, InMemoryDecisionLog>();
        services.AddSingleton(new DecisionPointRegistration(name));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DecisionPointMaintenanceService>());
        services.AddKeyedSingleton(name, (provider, _) => new DecisionPoint(
            policy(provider),
            provider.GetRequiredService<IOptionsMonitor<DecisionPointOptions>>().Get(name),
            provider.GetRequiredService<IDecisionLog>(),
            logger: provider.GetService<ILoggerFactory>()?.CreateLogger<DecisionPoint>(),
            meterFactory: provider.GetService<IMeterFactory>()));
        return builder;
    }
}
