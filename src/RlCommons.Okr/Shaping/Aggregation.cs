using RlCommons.Okr.Dsl;
using RlCommons.Okr.Rewards;

namespace RlCommons.Okr.Shaping;

/// <summary>How <see cref="OkrReward"/> combines the key results into the key-result part of the reward.</summary>
public enum Aggregation
{
    /// <summary>Σ wᵢ · Δᵢ with Δᵢ = ±(s′[mᵢ] − s[mᵢ]) / targetᵢ (minus sign for <see cref="Direction.Minimize"/>).</summary>
    WeightedSum = 0,

    /// <summary>
    /// The decrease of the weighted Chebyshev distance to the ideal point (every key result met):
    /// D(s) − D(s′) with D(x) = maxᵢ wᵢ · (1 − progressᵢ(x)). Rewards only progress on the key result that lags most.
    /// </summary>
    WeightedChebyshev = 1,
}
