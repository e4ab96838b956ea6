using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RlCommons.Okr;
using RlCommons.Okr.DependencyInjection;
using RlCommons.Okr.Integration;
using RlCommons.Okr.Rewards;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an OKR reward in an <see cref="IServiceCollection"/>.</summary>
public static class OkrServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OkrReward"/> as a singleton built from the <see cref="Okr"/> that <paramref name="okr"/>
    /// returns (for example <c>Okr.FromJson(File.ReadAllText(path))</c>), the <see cref="OkrRewardOptions"/> (validated
    /// when the host starts) and every registered <see cref="IRewardComponent"/>; and <see cref="OkrRewardTracker"/> as a
    /// singleton over it. Registrations use <c>TryAdd</c>: the first wins.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="okr">Returns the OKR; called once, when the reward is first resolved.</param>
    /// <param name="configure">Sets the options; optional (bind from configuration through the returned builder instead).</param>
    /// <returns>The options builder, for further configuration such as <c>BindConfiguration</c>.</returns>
    public static OptionsBuilder<OkrRewardOptions> AddOkrReward(
        this IServiceCollection services,
        Func<IServiceProvider, Okr> okr,
        Action<OkrRewardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(okr);

        OptionsBuilder<OkrRewardOptions> builder = services.AddOptions<OkrRewardOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OkrRewardOptions>, OkrRewardOptionsValidator>());
        services.TryAddSingleton(provider => new OkrReward(
            okr(provider),
            provider.GetRequiredService<IOptions<OkrRewardOptions>>().Value,
            provider.GetServices<IRewardComponent>()));
        services.TryAddSingleton(provider => new OkrRewardTracker(provider.GetRequiredService<OkrReward>()));
        return builder;
    }

    /// <summary>Registers <see cref="OkrReward"/> for a fixed <paramref name="okr"/>; see <see cref="AddOkrReward(IServiceCollection, Func{IServiceProvider, Okr}, Action{OkrRewardOptions})"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="okr">The OKR.</param>
    /// <param name="configure">Sets the options; optional.</param>
    /// <returns>The options builder.</returns>
    public static OptionsBuilder<OkrRewardOptions> AddOkrReward(this IServiceCollection services, Okr okr, Action<OkrRewardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(okr);
        return services.AddOkrReward(_ => okr, configure);
    }
}
