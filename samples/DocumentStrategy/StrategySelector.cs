using RlCommons.Algorithms.Contextual;
using RlCommons.Okr;
using RlCommons.Okr.Dsl;
using RlCommons.Okr.Rewards;
using RlCommons.Rewards;

namespace DocumentStrategy;

/// <summary>
/// The adapter the host application writes: a contextual bandit over the processing strategies whose features
/// come from <see cref="DocumentFeatures"/> and whose reward comes from the team's OKR (<see cref="Okr"/>):
/// accuracy up, cost per page down, latency at most 90 s.
/// </summary>
/// <remarks>
/// Each document is one step from an all-zero baseline to its outcome, so a key result contributes
/// weight · value / target (negated for cost) and a late document pays penalty · excess / 90 s.
/// </remarks>
public sealed class StrategySelector : ContextualBandit<Document, ExtractionOutcome>
{
    /// <summary>The OKR the reward comes from (declared first: the reward below is built from it during static initialization).</summary>
    public static Okr Okr { get; } = Okr.Create("document_processing")
        .WithObjective("Extract documents accurately, cheaply and on time")
        .WithKeyResult("accuracy", 0.95, Direction.Maximize, weight: 0.7)
        .WithKeyResult("cost_per_page", 0.01, Direction.Minimize, weight: 0.3, unit: "USD")
        .WithConstraint("latency_seconds", Comparison.LessOrEqual, 90, penalty: 2)
        .Build();

    private static readonly Dictionary<string, double> Baseline = new(StringComparer.Ordinal)
    {
        ["accuracy"] = 0,
        ["cost_per_page"] = 0,
        ["latency_seconds"] = 0,
    };

    // The bandit explores by itself, so the OKR's count-based exploration bonus is off; the reward then has no state.
    private static readonly OkrReward RewardFunction = new(Okr, new OkrRewardOptions { ExplorationScale = 0 });

    /// <summary>Creates the selector around a learning policy.</summary>
    /// <param name="policy">A linear bandit over <see cref="FeatureDimension"/> features.</param>
    public StrategySelector(LinearBandit policy)
        : base(policy, new DocumentFeatures())
    {
    }

    /// <summary>The number of features the policy must expect.</summary>
    public static int FeatureDimension { get; } = new DocumentFeatures().Dimension;

    /// <summary>The reward of an outcome with each key result's and constraint's part.</summary>
    /// <param name="outcome">What happened.</param>
    /// <returns>The breakdown; its <see cref="RewardBreakdown.Reward"/> is what the selector learns.</returns>
    public static RewardBreakdown Explain(ExtractionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var after = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["accuracy"] = outcome.Accuracy,
            ["cost_per_page"] = outcome.CostPerPage,
            ["latency_seconds"] = outcome.LatencySeconds,
        };
        return RewardFunction.Compute(Baseline, after);
    }

    /// <summary>The reward of an outcome, as the selector learns it.</summary>
    /// <param name="outcome">What happened.</param>
    /// <returns>The reward.</returns>
    public static double Reward(ExtractionOutcome outcome) => Explain(outcome).Reward;

    /// <inheritdoc />
    protected override double CalculateReward(Document context, ExtractionOutcome outcome) => Reward(outcome);
}
