namespace RlCommons.Okr.Shaping;

/// <summary>The weighted Chebyshev distance to the ideal point, D(x) = maxᵢ wᵢ · (1 − progressᵢ(x)), and its decrease split by key result.</summary>
internal static class ChebyshevAggregation
{
    /// <summary>
    /// Writes per key result its share of D(s) − D(s′) (divided by its weight, so term value times weight is the share):
    /// the key result that attains the maximum in s gets +(1 − pₐ(s)), the one that attains it in s′ gets −(1 − p_b(s′)),
    /// every other key result 0. Ties go to the first key result. The shares sum to D(s) − D(s′).
    /// </summary>
    public static void Decompose(ReadOnlySpan<double> weights, ReadOnlySpan<double> progressBefore, ReadOnlySpan<double> progressAfter, Span<double> values)
    {
        int a = ArgMax(weights, progressBefore);
        int b = ArgMax(weights, progressAfter);
        values.Clear();
        values[a] += 1.0 - progressBefore[a];
        values[b] -= 1.0 - progressAfter[b];
    }

    private static int ArgMax(ReadOnlySpan<double> weights, ReadOnlySpan<double> progress)
    {
        int best = 0;
        double max = double.NegativeInfinity;
        for (int i = 0; i < weights.Length; i++)
        {
            double gap = weights[i] * (1.0 - progress[i]);
            if (gap > max)
            {
                max = gap;
                best = i;
            }
        }

        return best;
    }
}
