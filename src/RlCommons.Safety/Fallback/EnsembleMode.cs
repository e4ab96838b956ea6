namespace RlCommons.Safety.Fallback;

/// <summary>How an <see cref="EnsembleRouter"/> combines its members.</summary>
public enum EnsembleMode
{
    /// <summary>Each decision is routed to one member drawn with probability proportional to its weight; the member decides, and the propensity is the exact mixture <c>Σ wᵢ Pᵢ(a) / Σ wᵢ</c> over the members that could decide.</summary>
    WeightedRouting,

    /// <summary>Every member votes with its weight for its most probable action (from its probabilities; no member decides); the action with the largest total wins (ties go to the smallest action index). The outcome is a function of the members' distributions, so the propensity is exactly 1.</summary>
    WeightedVote,
}
