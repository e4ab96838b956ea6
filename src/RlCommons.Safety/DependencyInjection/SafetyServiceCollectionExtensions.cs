using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RlCommons.Safety.Registry;
using RlCommons.Safety.Rollout;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RlCommons safety services in an <see cref="IServiceCollection"/>.</summary>
public static class SafetyServiceCollectionExtensions
{
    /// <summary>
    /// Registers one application-wide <see cref="KillSwitch"/> as a singleton (so an admin endpoint and every adapter
    /// see the same switch) and <see cref="TimeProvider.System"/> as the clock. Registrations use <c>TryAdd</c>: an
    /// earlier registration wins (register a <see cref="TimeProvider"/> first to control time in tests).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="forceBaseline">
    /// Optional source that engages the switch whenever it returns true, read on every decision (for example a cached
    /// configuration value or feature flag); it receives the service provider once, when the switch is created. A source
    /// that throws counts as engaged, and the failure is logged through the container's <see cref="ILoggerFactory"/> when
    /// one is registered.
    /// </param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddRlCommonsKillSwitch(this IServiceCollection services, Func<IServiceProvider, Func<bool>>? forceBaseline = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => forceBaseline is null ? new KillSwitch() : new KillSwitch(forceBaseline(provider), provider.GetService<ILoggerFactory>()?.CreateLogger<KillSwitch>()));
        return services;
    }

    /// <summary>
    /// Registers a <see cref="PolicyRegistry"/> for one policy as a keyed singleton (key: <paramref name="policyId"/>;
    /// resolve it with <c>GetRequiredKeyedService&lt;PolicyRegistry&gt;(policyId)</c>), over a crash-safe
    /// <see cref="FileSystemPolicyStore"/> in <paramref name="folder"/>, or an <see cref="InMemoryPolicyStore"/> when no
    /// folder is given. The clock is the container's <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/>
    /// unless one was registered before). A second registration for the same id is ignored (<c>TryAdd</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="policyId">The policy's id; not empty.</param>
    /// <param name="folder">The folder of the file store; null for an in-memory store.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="policyId"/> is empty or white space, or <paramref name="folder"/> is empty or white space.</exception>
    public static IServiceCollection AddPolicyRegistry(this IServiceCollection services, string policyId, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(policyId);
        if (folder is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(policyId, (provider, _) =>
        {
            IPolicyStore store = folder is null ? new InMemoryPolicyStore() : new FileSystemPolicyStore(folder);
            return new PolicyRegistry(store, provider.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
