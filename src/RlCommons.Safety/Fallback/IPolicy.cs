namespace RlCommons.Safety.Fallback;

/// <summary>
/// Anything that picks an action for a context: a learned agent behind an adapter, a hand-written rule, a baseline
/// strategy. The safety components compose around it.
/// </summary>
/// <typeparam name="TContext">What the policy sees when it decides.</typeparam>
/// <remarks>Implementations used from several threads must make <see cref="Decide"/> thread-safe.</remarks>
public interface IPolicy<in TContext>
{
    /// <summary>A stable identifier, recorded with every decision and used by the kill switch.</summary>
    string Id { get; }

    /// <summary>Whether the policy can decide now (for example, a learner that has seen too little data is not ready).</summary>
    bool IsReady { get; }

    /// <summary>Picks an action; <see cref="Decision.Propensity"/> must be the probability of that action under this policy.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The decision.</returns>
    Decision Decide(TContext context);
}
