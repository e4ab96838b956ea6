namespace RlCommons.Monitoring.Sequential;

/// <summary>The sufficient statistics of one arm's observations: count, mean and sample variance (ddof = 1).</summary>
/// <param name="Count">The number of observations, at least 0.</param>
/// <param name="Mean">The sample mean (0 when <paramref name="Count"/> is 0).</param>
/// <param name="Variance">The unbiased sample variance (0 when <paramref name="Count"/> is below 2).</param>
public readonly record struct SampleSummary(long Count, double Mean, double Variance)
{
    /// <summary>Summarizes a sample with Welford's one-pass update, which is exact enough for long streams.</summary>
    /// <param name="sample">The observations; each must be finite.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">An observation is not finite.</exception>
    public static SampleSummary From(ReadOnlySpan<double> sample)
    {
        var moments = new RunningMoments();
        foreach (double x in sample)
        {
            if (!double.IsFinite(x))
            {
                throw new ArgumentException($"Observations must be finite numbers, got {x}.", nameof(sample));
            }

            moments.Add(x);
        }

        return moments.Summary;
    }

    /// <summary>The variance of the mean, <c>Variance / Count</c>.</summary>
    internal double VarianceOfMean => Variance / Count;
}
