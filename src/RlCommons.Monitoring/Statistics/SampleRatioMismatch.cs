using MathNet.Numerics;

namespace RlCommons.Monitoring.Statistics;

/// <summary>
/// The sample-ratio-mismatch (SRM) check: a χ² goodness-of-fit test of the units each variant received against the
/// planned traffic allocation. A mismatch means assignment or logging is broken, so no other result of the
/// experiment can be trusted.
/// </summary>
/// <remarks>
/// <para>Expected counts are <c>E_i = N · w_i / Σw</c>; the statistic is <c>Σ (O_i − E_i)² / E_i</c> with
/// <c>k − 1</c> degrees of freedom (k variants with positive weight), scipy's <c>chisquare(observed, expected)</c>.
/// The p-value is the χ² upper tail, <c>Q(df/2, χ²/2)</c>, MathNet's regularized upper incomplete gamma, which is
/// <c>1 − ChiSquared.CDF</c> without the cancellation that would round small p-values to zero.</para>
/// <para>Thread safety: all members are static and pure, safe from any thread.</para>
/// </remarks>
public static class SampleRatioMismatch
{
    /// <summary>The default threshold: flag a mismatch when the p-value is below 0.001, the industry convention.</summary>
    public const double DefaultThreshold = 0.001;

    /// <summary>
    /// The smallest share <c>w_i / Σw</c> a positive planned weight may have, 1e-9. Smaller shares (a weight of
    /// 1e-320, say) make the expected count vanish and the statistic overflow to a NaN p-value, so they are rejected
    /// with an <see cref="ArgumentException"/>; plan such a variant with weight 0 instead.
    /// </summary>
    public const double MinimumWeightShare = 1e-9;

    /// <summary>Tests observed unit counts against the planned allocation.</summary>
    /// <param name="observed">Units seen per variant, none negative, with a positive total.</param>
    /// <param name="plannedWeights">The planned allocation, one non-negative finite weight per variant (need not sum to 1). A variant with weight 0 must have no units.</param>
    /// <param name="threshold">The p-value below which a mismatch is flagged, in (0, 1). The default is 0.001.</param>
    /// <returns>The statistic, degrees of freedom, p-value, expected counts and the flag.</returns>
    /// <exception cref="ArgumentException">The spans differ in length, hold fewer than 2 variants, a count or weight is invalid (including a positive weight below <see cref="MinimumWeightShare"/> of the sum, or a sum that overflows), or a zero-weight variant has units.</exception>
    public static SampleRatioMismatchResult Check(ReadOnlySpan<long> observed, ReadOnlySpan<double> plannedWeights, double threshold = DefaultThreshold)
    {
        if (observed.Length != plannedWeights.Length)
        {
            throw new ArgumentException($"There are {observed.Length} observed counts but {plannedWeights.Length} planned weights.", nameof(plannedWeights));
        }

        if (observed.Length < 2)
        {
            throw new ArgumentException("At least two variants are required.", nameof(observed));
        }

        Guard.OpenUnit(threshold, nameof(threshold));
        double total = 0;
        double weightSum = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            if (observed[i] < 0)
            {
                throw new ArgumentException($"Counts must not be negative; variant {i} has {observed[i]}.", nameof(observed));
            }

            double w = plannedWeights[i];
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentException($"Weights must be finite and non-negative; variant {i} has {w}.", nameof(plannedWeights));
            }

            if (w == 0 && observed[i] > 0)
            {
                throw new ArgumentException($"Variant {i} has planned weight 0 but received {observed[i]} units.", nameof(observed));
            }

            total += observed[i];
            weightSum += w;
        }

        if (total <= 0)
        {
            throw new ArgumentException("The observed counts must have a positive total.", nameof(observed));
        }

        if (!(weightSum > 0) || double.IsInfinity(weightSum))
        {
            throw new ArgumentException($"The planned weights must have a positive finite sum, got {weightSum}.", nameof(plannedWeights));
        }

        for (int i = 0; i < plannedWeights.Length; i++)
        {
            if (plannedWeights[i] > 0 && plannedWeights[i] / weightSum < MinimumWeightShare)
            {
                throw new ArgumentException(
                    $"Variant {i} has weight {plannedWeights[i]}, a share of {plannedWeights[i] / weightSum} of the total, below the minimum {MinimumWeightShare}; give it weight 0 if it is switched off.",
                    nameof(plannedWeights));
            }
        }

        var expected = new double[observed.Length];
        double statistic = 0;
        int active = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            expected[i] = total * plannedWeights[i] / weightSum;
            if (expected[i] > 0)
            {
                double d = observed[i] - expected[i];
                statistic += d * d / expected[i];
                active++;
            }
        }

        int df = active - 1;
        double p = df == 0 ? 1 : SpecialFunctions.GammaUpperRegularized(df / 2.0, statistic / 2);
        return new SampleRatioMismatchResult(statistic, df, p, expected, p < threshold);
    }
}
