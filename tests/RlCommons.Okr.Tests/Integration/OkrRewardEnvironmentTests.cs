using RlCommons.Environments;
using RlCommons.Okr.Dsl;
using RlCommons.Okr.Integration;
using RlCommons.Okr.Rewards;
using RlCommons.Okr.Tests.TestSupport;
using RlCommons.Spaces;

namespace RlCommons.Okr.Tests.Integration;

public class OkrRewardEnvironmentTests
{
    private static readonly Okr Sales = Okr.Create("sales").WithObjective("Sell")
        .WithKeyResult("revenue", 10, Direction.Maximize)
        .WithConstraint("discount", Comparison.LessOrEqual, 0.2, penalty: 2).Build();

    [Fact]
    public void Step_RewardIsReplacedByTheOkrRewardOfTheMetricChange()
    {
        var shop = new Shop();
        var env = new OkrRewardEnvironment(shop, new OkrReward(Sales));
        var observation = new float[1];
        env.Reset(seed: 1, observation);

        StepResult first = env.Step(1, observation);   // revenue 0 → 5, discount 0.1: 0.5 + 0.1 bonus
        StepResult second = env.Step(2, observation);  // revenue 5 → 15, discount 0.3: 1.0 − 2·0.5 + 0.1

        Assert.Equal(0.6, first.Reward, 14);
        Assert.Equal(0.1, second.Reward, 14);
        Assert.Equal(-1.0, env.LastBreakdown!["constraint:discount <= 0.2"].Contribution, 14);
        Assert.Equal(99.0, env.LastInnerReward);
        Assert.False(second.Terminated);
    }

    [Fact]
    public void Step_Termination_PassesThroughAndResetStartsFromTheNewMetrics()
    {
        var shop = new Shop();
        var env = new OkrRewardEnvironment(shop, new OkrReward(Sales, new OkrRewardOptions { ExplorationScale = 0 }));
        var observation = new float[1];
        env.Reset(null, observation);
        env.Step(0, observation);
        env.Step(0, observation);
        StepResult last = env.Step(1, observation);

        Assert.True(last.Terminated);
        env.Reset(null, observation);
        Assert.Null(env.LastBreakdown);
        Assert.Equal(0.5, env.Step(1, observation).Reward, 14);
    }

    [Fact]
    public void Step_WithoutReset_Throws()
    {
        var env = new OkrRewardEnvironment(new Shop(), new OkrReward(Sales), new FixedMetrics());

        Assert.Throws<InvalidOperationException>(() => env.Step(0, new float[1]));
    }

    [Fact]
    public void Constructor_NoMetricSource_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new OkrRewardEnvironment(new TimeLimit(new Shop(), 5), new OkrReward(Sales)));

        Assert.Equal("metrics", ex.ParamName);
    }

    /// <summary>Each step sells 5·action; action 2 needs a 0.3 discount, others 0.1. Ends after 3 steps. Its own reward is 99.</summary>
    private sealed class Shop : EnvironmentBase, IMetricSource
    {
        private double _revenue;
        private double _discount;
        private int _steps;

        public Shop()
            : base(new BoxSpace([0f], [100f]), new DiscreteSpace(3))
        {
        }

        public IReadOnlyDictionary<string, double> GetMetrics() => M.Of(("revenue", _revenue), ("discount", _discount));

        protected override void ResetCore(Span<float> observation)
        {
            _revenue = 0;
            _discount = 0;
            _steps = 0;
            observation[0] = 0;
        }

        protected override StepResult StepCore(int action, Span<float> observation)
        {
            _revenue += 5 * action;
            _discount = action == 2 ? 0.3 : 0.1;
            _steps++;
            observation[0] = (float)_revenue;
            return new StepResult(99.0, _steps == 3, false);
        }
    }

    private sealed class FixedMetrics : IMetricSource
    {
        public IReadOnlyDictionary<string, double> GetMetrics() => M.Of(("revenue", 0), ("discount", 0));
    }
}
