namespace RlCommons.Safety.Fallback;

/// <summary>How an <see cref="EnsembleRouter{TContext}"/> combines its members.</summary>
public enum EnsembleMode
{
    /// <summary>Each decision is routed to one member drawn with probability proportional to its weight; the logged propensity is the exact mixture <c>Σ wᵢ Pᵢ(a) / Σ wᵢ</c>.</summary>
    WeightedRouting,

    /// <summary>Every member votes for its action with its weight; the action with the largest total wins (ties go to the smallest action index). The propensity is 1 when every member is deterministic, NaN otherwise.</summary>
    WeightedVote,
}
