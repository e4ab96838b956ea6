using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RlCommons.Monitoring.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RlCommons monitoring services in an <see cref="IServiceCollection"/>.</summary>
public static class MonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RlCommonsMetrics"/> as a singleton (with <c>TryAdd</c>: an earlier registration wins). Its
    /// meter is created through the container's <see cref="IMeterFactory"/>, which hosts register (or call
    /// <c>services.AddMetrics()</c>); without one, it creates and owns its own meter.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddRlCommonsMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(static provider => provider.GetService<IMeterFactory>() is { } factory
            ? new RlCommonsMetrics(factory)
            : new RlCommonsMetrics());
        return services;
    }
}
