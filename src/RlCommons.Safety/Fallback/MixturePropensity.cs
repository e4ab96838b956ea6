namespace RlCommons.Safety.Fallback;

/// <summary>The probability of an action under a weighted mixture of policies: <c>Σ wᵢ Pᵢ(a) / Σ wᵢ</c>.</summary>
internal static class MixturePropensity
{
    /// <summary>One member's probability of <paramref name="action"/>, from its decision where possible; NaN when unknowable.</summary>
    public static double Member<TContext>(IPolicy<TContext> policy, Decision? decision, TContext context, int action)
    {
        if (decision is { } d)
        {
            if (d.Action == action)
            {
                return d.Propensity;
            }

            // A deterministic member that chose another action gives this one probability 0.
            if (d.Propensity == 1)
            {
                return 0;
            }
        }

        return policy is IActionProbabilities<TContext> probabilities ? probabilities.Probability(context, action) : double.NaN;
    }
}
