using RlCommons.Decisions;
using RlCommons.Features;

namespace RlCommons.Algorithms.Contextual;

/// <summary>
/// A <see cref="ContextualBandit{TContext}"/> that also owns the reward calculation: override
/// <see cref="CalculateReward"/> to turn an outcome into a reward (a <see cref="Rewards.CompositeReward{TOutcome}"/>
/// is a good way to write it), then report outcomes with <see cref="Reward(DecisionId, TContext, TOutcome)"/>.
/// </summary>
/// <typeparam name="TContext">What a decision is about.</typeparam>
/// <typeparam name="TOutcome">What happened after the decision (quality, latency, cost, error…).</typeparam>
public abstract class ContextualBandit<TContext, TOutcome> : ContextualBandit<TContext>
{
    /// <summary>Creates the adapter around <paramref name="policy"/>.</summary>
    /// <param name="policy">The learning policy.</param>
    /// <param name="features">Extracts the features; when null, the subclass must override <c>ExtractFeatures</c>.</param>
    /// <param name="decisionPoint">The settings of the adapter's decision point; see the base constructor.</param>
    /// <param name="log">Where the decisions go; an in-memory log when null.</param>
    protected ContextualBandit(LinearBandit policy, FeatureExtractor<TContext>? features = null, DecisionPointOptions? decisionPoint = null, IDecisionLog? log = null)
        : base(policy, features, decisionPoint, log)
    {
    }

    /// <summary>Computes the reward of <paramref name="outcome"/> and joins it to the decision <paramref name="eventId"/> (see <see cref="ContextualBandit{TContext}.Reward(DecisionId, double)"/>).</summary>
    /// <param name="eventId">The decision's event id.</param>
    /// <param name="context">The context the decision was made for.</param>
    /// <param name="outcome">What happened.</param>
    /// <returns>What became of the reward.</returns>
    /// <exception cref="ArgumentException">The reward computed is not finite; nothing changes.</exception>
    public RewardJoinResult Reward(DecisionId eventId, TContext context, TOutcome outcome) => Reward(eventId, RewardOf(context, outcome));

    /// <summary>The reward <paramref name="outcome"/> earns, as the adapter learns it (for reports; nothing is learned).</summary>
    /// <param name="context">The context the decision was made for.</param>
    /// <param name="outcome">What happened.</param>
    /// <returns>The reward.</returns>
    public double RewardOf(TContext context, TOutcome outcome) => CalculateReward(context, outcome);

    /// <summary>Turns <paramref name="outcome"/> into a reward.</summary>
    /// <param name="context">The context the decision was made for.</param>
    /// <param name="outcome">What happened.</param>
    /// <returns>The reward; must be finite.</returns>
    protected abstract double CalculateReward(TContext context, TOutcome outcome);
}
