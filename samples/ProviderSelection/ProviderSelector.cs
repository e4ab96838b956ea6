using RlCommons.Algorithms.Contextual;
using RlCommons.Rewards;

namespace ProviderSelection;

/// <summary>
/// The adapter the host application writes: a contextual bandit over the providers whose features come from
/// <see cref="LlmRequestFeatures"/> and whose reward is the business trade-off
/// <c>0.5·quality + 0.3·(1 − latency/10 s) + 0.2·(1 − cost/$0.10)</c>, or −0.5 when the call fails.
/// </summary>
public sealed class ProviderSelector : ContextualBandit<LlmRequest, LlmOutcome>
{
    private static readonly CompositeReward<LlmOutcome> RewardFunction = CompositeReward.Create<LlmOutcome>()
        .Add("quality", 0.5, o => o.Quality)
        .Add("latency", 0.3, o => 1 - (o.LatencySeconds / 10.0))
        .Add("cost", 0.2, o => 1 - (o.CostDollars / 0.10))
        .Override("error", o => o.Failed, -0.5)
        .Build();

    /// <summary>Creates the selector around a learning policy.</summary>
    /// <param name="policy">LinUCB, linear Thompson sampling or ε-greedy ridge over <see cref="FeatureDimension"/> features.</param>
    public ProviderSelector(LinearBandit policy)
        : base(policy, new LlmRequestFeatures())
    {
    }

    /// <summary>The number of features the policy must expect.</summary>
    public static int FeatureDimension { get; } = new LlmRequestFeatures().Dimension;

    /// <summary>The reward of an outcome, as the selector learns it.</summary>
    /// <param name="outcome">What happened.</param>
    /// <returns>The reward.</returns>
    public static double Reward(LlmOutcome outcome) => RewardFunction.Compute(outcome);

    /// <summary>The reward of an outcome with each component's share, for logs and explanations.</summary>
    /// <param name="outcome">What happened.</param>
    /// <returns>The breakdown.</returns>
    public static RewardBreakdown Explain(LlmOutcome outcome) => RewardFunction.Explain(outcome);

    /// <inheritdoc />
    protected override double CalculateReward(LlmRequest context, LlmOutcome outcome) => RewardFunction.Compute(outcome);
}
