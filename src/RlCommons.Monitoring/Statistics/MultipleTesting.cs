namespace RlCommons.Monitoring.Statistics;

/// <summary>
/// Multiple-comparison corrections returning adjusted p-values as statsmodels' <c>multipletests</c> does: reject
/// hypothesis i at level α when its adjusted p-value is at most α. Results keep the input order.
/// </summary>
/// <remarks>Thread safety: all members are static and pure, safe from any thread.</remarks>
public static class MultipleTesting
{
    /// <summary>
    /// Holm's step-down correction (controls the family-wise error rate). With the p-values sorted ascending,
    /// <c>p̃_(i) = min(1, max_{j ≤ i} (m − j + 1) · p_(j))</c> for 1-based ranks.
    /// </summary>
    /// <param name="pValues">The raw p-values, each in [0, 1]; at least one.</param>
    /// <returns>The adjusted p-values, in the input order.</returns>
    /// <exception cref="ArgumentException">The span is empty or a p-value is outside [0, 1] or NaN.</exception>
    public static double[] Holm(ReadOnlySpan<double> pValues)
    {
        int[] order = SortedOrder(pValues, nameof(pValues));
        int m = order.Length;
        var adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            // The running maximum keeps adjusted values monotone in the raw ones.
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }

        return adjusted;
    }

    /// <summary>
    /// The Benjamini–Hochberg step-up correction (controls the false discovery rate under independence or positive
    /// dependence). With the p-values sorted ascending, <c>p̃_(i) = min(1, min_{j ≥ i} m · p_(j) / j)</c> for 1-based ranks.
    /// </summary>
    /// <param name="pValues">The raw p-values, each in [0, 1]; at least one.</param>
    /// <returns>The adjusted p-values, in the input order.</returns>
    /// <exception cref="ArgumentException">The span is empty or a p-value is outside [0, 1] or NaN.</exception>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> pValues)
    {
        int[] order = SortedOrder(pValues, nameof(pValues));
        int m = order.Length;
        var adjusted = new double[m];
        double running = 1;
        for (int rank = m - 1; rank >= 0; rank--)
        {
            // The running minimum from the largest p-value down is the step-up rule.
            running = Math.Min(running, pValues[order[rank]] / ((rank + 1) / (double)m));
            adjusted[order[rank]] = running;
        }

        return adjusted;
    }

    private static int[] SortedOrder(ReadOnlySpan<double> pValues, string paramName)
    {
        if (pValues.IsEmpty)
        {
            throw new ArgumentException("At least one p-value is required.", paramName);
        }

        var keys = new double[pValues.Length];
        var order = new int[pValues.Length];
        for (int i = 0; i < pValues.Length; i++)
        {
            double p = pValues[i];
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"P-values must lie in [0, 1]; element {i} is {p}.", paramName);
            }

            keys[i] = p;
            order[i] = i;
        }

        // A stable sort, so ties keep their input order (numpy's mergesort, as statsmodels uses).
        return order.OrderBy(i => keys[i]).ToArray();
    }
}
