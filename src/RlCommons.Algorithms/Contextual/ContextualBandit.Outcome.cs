using RlCommons.Features;

namespace RlCommons.Contextual;

/// <summary>
/// A <see cref="ContextualBandit{TContext}"/> that also owns the reward calculation: override
/// <see cref="CalculateReward"/> to turn an outcome into a reward (a <see cref="Rewards.CompositeReward{TOutcome}"/>
/// is a good way to write it), then report outcomes with <see cref="Learn(ContextualDecision, TContext, TOutcome)"/>.
/// </summary>
/// <typeparam name="TContext">What a decision is about.</typeparam>
/// <typeparam name="TOutcome">What happened after the decision (quality, latency, cost, error…).</typeparam>
public abstract class ContextualBandit<TContext, TOutcome> : ContextualBandit<TContext>
{
    /// <summary>Creates the adapter around <paramref name="policy"/>.</summary>
    /// <param name="policy">The learning policy.</param>
    /// <param name="features">Extracts the features; when null, the subclass must override <c>ExtractFeatures</c>.</param>
    protected ContextualBandit(LinearBandit policy, FeatureExtractor<TContext>? features = null)
        : base(policy, features)
    {
    }

    /// <summary>Computes the reward of <paramref name="outcome"/>, learns it for <paramref name="decision"/>, and returns it.</summary>
    /// <param name="decision">A decision of this adapter.</param>
    /// <param name="context">The context the decision was made for.</param>
    /// <param name="outcome">What happened.</param>
    /// <returns>The reward learned.</returns>
    /// <exception cref="ArgumentException">The reward is not finite, or the arm has been removed; nothing changes.</exception>
    public double Learn(ContextualDecision decision, TContext context, TOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(decision);
        double reward = CalculateReward(context, outcome);
        Learn(decision, reward);
        return reward;
    }

    /// <summary>Turns <paramref name="outcome"/> into a reward.</summary>
    /// <param name="context">The context the decision was made for.</param>
    /// <param name="outcome">What happened.</param>
    /// <returns>The reward; must be finite.</returns>
    protected abstract double CalculateReward(TContext context, TOutcome outcome);
}
