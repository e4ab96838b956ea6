using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RlCommons.Okr.Integration;
using RlCommons.Okr.Rewards;
using RlCommons.Okr.Tests.TestSupport;

namespace RlCommons.Okr.Tests.DependencyInjection;

public class OkrServiceCollectionExtensionsTests
{
    [Fact]
    public void AddOkrReward_RegistersSingletonsWithOptionsAndComponents()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IRewardComponent>(new Constant());
        services.AddOkrReward(RevenueOkr.Build(), o => o.ExplorationScale = 0.5);
        using ServiceProvider provider = services.BuildServiceProvider();

        var reward = provider.GetRequiredService<OkrReward>();
        var tracker = provider.GetRequiredService<OkrRewardTracker>();

        Assert.Same(reward, provider.GetRequiredService<OkrReward>());
        Assert.Same(reward, tracker.Reward);
        Assert.Equal(0.5, reward.Options.ExplorationScale);
        Assert.Equal("revenue_q1", reward.Okr.Id);
        var s = M.Of(("monthly_recurring_revenue", 0), ("customer_satisfaction", 0), ("churn_rate", 0));
        Assert.Equal(0.25, reward.Compute(s, s)["constant"].Contribution);
    }

    [Fact]
    public void AddOkrReward_InvalidOptions_ListsEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddOkrReward(RevenueOkr.Build(), o => (o.Gamma, o.ExplorationScale) = (2, double.NaN));
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<OkrReward>());

        Assert.Equal(["ExplorationScale must be a finite number greater than or equal to 0, was NaN.", "Gamma must be a finite number in [0, 1], was 2."], ex.Failures);
    }

    [Fact]
    public void AddOkrReward_FromJsonFactory_ReadsTheOkrOnFirstResolution()
    {
        var services = new ServiceCollection();
        string json = RevenueOkr.Build().ToJson();
        services.AddOkrReward(_ => Okr.FromJson(json));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(json, provider.GetRequiredService<OkrReward>().Okr.ToJson());
    }

    private sealed class Constant : IRewardComponent
    {
        public string Name => "constant";

        public double Compute(in OkrTransition transition) => 0.25;
    }
}
