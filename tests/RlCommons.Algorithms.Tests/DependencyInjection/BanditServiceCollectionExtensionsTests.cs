using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;

namespace RlCommons.Algorithms.Tests.DependencyInjection;

/// <summary>Each Add*Bandit registers a singleton built from validated options.</summary>
public class BanditServiceCollectionExtensionsTests
{
    public static TheoryData<string> Registrations => ["EpsilonGreedy", "Ucb1", "ThompsonSampling", "GaussianThompsonSampling", "Softmax", "Exp3", "LinUcb", "LinearThompsonSampling", "LinearEpsilonGreedy"];

    [Theory]
    [MemberData(nameof(Registrations))]
    public void AddBandit_ValidOptions_RegistersConfiguredSingleton(string kind)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(FixedTimeProvider.Instance);
        Type type = Register(services, kind, valid: true);
        using ServiceProvider provider = services.BuildServiceProvider();

        var first = (Bandit)provider.GetRequiredService(type);
        var second = (Bandit)provider.GetRequiredService(type);

        Assert.Same(first, second);
        Assert.Equal(["a", "b"], first.Arms);
        Assert.Equal(77UL, first.Seed);
        Assert.Same(FixedTimeProvider.Instance, first.TimeProvider);
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [MemberData(nameof(Registrations))]
    public void AddBandit_InvalidOptions_FailsWithOptionsValidationException(string kind)
    {
        var services = new ServiceCollection();
        Type type = Register(services, kind, valid: false);
        using ServiceProvider provider = services.BuildServiceProvider();

        var resolve = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService(type));
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.NotEmpty(resolve.Failures);
    }

    [Fact]
    public void AddBandit_Twice_ThrowsInsteadOfMergingIntoOneBandit()
    {
        var services = new ServiceCollection();
        services.AddEpsilonGreedyBandit(o => o.ArmCount = 2);

        var e = Assert.Throws<InvalidOperationException>(() => services.AddEpsilonGreedyBandit(o => o.ArmCount = 3));

        Assert.Contains("EpsilonGreedyBandit is registered already", e.Message);
        Assert.Single(services, s => s.ServiceType == typeof(EpsilonGreedyBandit));
    }

    private static Type Register(IServiceCollection services, string kind, bool valid)
    {
        void Common(BanditOptions o)
        {
            o.Arms = ["a", "b"];
            o.Seed = 77;
        }

        switch (kind)
        {
            case "EpsilonGreedy":
                services.AddEpsilonGreedyBandit(o => { Common(o); o.Epsilon = valid ? 0.1 : 2; });
                return typeof(EpsilonGreedyBandit);
            case "Ucb1":
                services.AddUcb1Bandit(o => { Common(o); o.Exploration = valid ? 1 : -1; });
                return typeof(Ucb1Bandit);
            case "ThompsonSampling":
                services.AddThompsonSamplingBandit(o => { Common(o); o.PriorAlpha = valid ? 1 : 0; });
                return typeof(ThompsonSamplingBandit);
            case "GaussianThompsonSampling":
                services.AddGaussianThompsonSamplingBandit(o => { Common(o); o.NoiseVariance = valid ? 1 : -1; });
                return typeof(GaussianThompsonSamplingBandit);
            case "Softmax":
                services.AddSoftmaxBandit(o => { Common(o); o.Temperature = valid ? 0.1 : 0; });
                return typeof(SoftmaxBandit);
            case "Exp3":
                services.AddExp3Bandit(o => { Common(o); o.Gamma = valid ? 0.1 : 5; });
                return typeof(Exp3Bandit);
            case "LinUcb":
                services.AddLinUcbBandit(o => { Common(o); o.Dimension = valid ? 3 : 0; });
                return typeof(LinUcbBandit);
            case "LinearThompsonSampling":
                services.AddLinearThompsonSamplingBandit(o => { Common(o); o.Dimension = 3; o.ExplorationScale = valid ? 1 : -1; });
                return typeof(LinearThompsonSamplingBandit);
            case "LinearEpsilonGreedy":
                services.AddLinearEpsilonGreedyBandit(o => { Common(o); o.Dimension = 3; o.Epsilon = valid ? 0.1 : -1; });
                return typeof(LinearEpsilonGreedyBandit);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
