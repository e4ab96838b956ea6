namespace RlCommons.Monitoring.Statistics;

/// <summary>Standardised effect sizes used by the power calculations.</summary>
public static class EffectSize
{
    /// <summary>
    /// Cohen's d, <c>(mean(a) - mean(b)) / s_pooled</c> with
    /// <c>s_pooled² = ((n_a-1)s_a² + (n_b-1)s_b²) / (n_a + n_b - 2)</c> (sample variances with ddof 1).
    /// </summary>
    /// <param name="a">The first sample (at least 2 finite values).</param>
    /// <param name="b">The second sample (at least 2 finite values).</param>
    /// <returns>The effect size.</returns>
    public static double CohensD(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Guard.Samples(a, 2, nameof(a));
        Guard.Samples(b, 2, nameof(b));
        (double meanA, double varA) = Guard.MeanAndVariance(a);
        (double meanB, double varB) = Guard.MeanAndVariance(b);
        double pooled = (((a.Length - 1) * varA) + ((b.Length - 1) * varB)) / (a.Length + b.Length - 2);
        return (meanA - meanB) / Math.Sqrt(pooled);
    }

    /// <summary>
    /// Cohen's h for a change of a proportion from <paramref name="baseline"/> to <paramref name="treatment"/>:
    /// <c>2·asin(√treatment) - 2·asin(√baseline)</c> (statsmodels' <c>proportion_effectsize(treatment, baseline)</c>).
    /// </summary>
    /// <param name="baseline">The baseline proportion, in [0, 1].</param>
    /// <param name="treatment">The treatment proportion, in [0, 1].</param>
    /// <returns>The effect size.</returns>
    public static double CohensH(double baseline, double treatment)
    {
        if (!(baseline >= 0 && baseline <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(baseline), baseline, "A proportion must lie in [0, 1].");
        }

        if (!(treatment >= 0 && treatment <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(treatment), treatment, "A proportion must lie in [0, 1].");
        }

        return (2 * Math.Asin(Math.Sqrt(treatment))) - (2 * Math.Asin(Math.Sqrt(baseline)));
    }
}
