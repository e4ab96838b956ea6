using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Sequential;

/// <summary>
/// The mixture sequential probability ratio test (mSPRT) for a difference in means with a normal mixture
/// (Johari, Koomen, Pekelis and Walsh, "Always valid inference: continuous monitoring of A/B tests",
/// Operations Research 70(3), 2022).
/// </summary>
/// <remarks>
/// <para>With the estimated difference <c>Δ̂ = ȳ_B − ȳ_A</c>, its variance <c>V = s²_A/n_A + s²_B/n_B</c>, the null
/// difference <c>θ₀</c> and the mixing distribution <c>θ ~ N(θ₀, τ²)</c>, the mixture likelihood ratio is</para>
/// <code>Λ = sqrt(V / (V + τ²)) · exp( τ² (Δ̂ − θ₀)² / (2 V (V + τ²)) )</code>
/// <para>Under the null Λ is (asymptotically) a nonnegative martingale with mean 1, so by Ville's inequality
/// <c>P(∃n: Λ_n ≥ 1/α) ≤ α</c>. The always-valid p-value is the running minimum <c>p_n = min(p_{n−1}, 1/Λ_n)</c>,
/// which may be checked after every observation without inflating the type-I error.</para>
/// <para>The mixing variance <c>τ²</c> is in squared units of the metric. The test has the most power for effects
/// with <c>|θ − θ₀|</c> near τ: set τ² to the square of the smallest effect worth detecting (Johari et al. choose it
/// from the distribution of effects seen in past experiments). Too small a τ² makes early stopping slow; too large
/// a τ² costs power on small effects.</para>
/// <para>Thread safety: all members are static and pure.</para>
/// </remarks>
public static class Msprt
{
    /// <summary>The mixture likelihood ratio <c>Λ</c> for the difference <c>B − A</c> (see the class remarks).</summary>
    /// <param name="control">The control arm A; at least 2 observations.</param>
    /// <param name="treatment">The treatment arm B; at least 2 observations.</param>
    /// <param name="mixingVariance">The mixing variance τ², positive, in squared metric units.</param>
    /// <param name="nullDifference">The difference θ₀ under the null hypothesis; 0 by default.</param>
    /// <returns>Λ, a positive number (1 when both variances are zero and the means agree with θ₀).</returns>
    /// <exception cref="ArgumentException">An arm has fewer than 2 observations, or a statistic is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mixingVariance"/> is not positive and finite.</exception>
    public static double LikelihoodRatio(SampleSummary control, SampleSummary treatment, double mixingVariance, double nullDifference = 0)
    {
        Check(control, nameof(control));
        Check(treatment, nameof(treatment));
        Guard.Positive(mixingVariance, nameof(mixingVariance));
        Guard.Finite(nullDifference, nameof(nullDifference));
        double v = control.VarianceOfMean + treatment.VarianceOfMean;
        double d = treatment.Mean - control.Mean - nullDifference;
        if (v <= 0)
        {
            // Degenerate data: no noise, so any deviation from the null is certain evidence.
            return d == 0 ? 1 : double.PositiveInfinity;
        }

        double logRatio = (0.5 * Math.Log(v / (v + mixingVariance))) + (mixingVariance * d * d / (2 * v * (v + mixingVariance)));
        return Math.Exp(logRatio);
    }

    /// <summary>The p-value at a single look, <c>min(1, 1/Λ)</c>; take the running minimum over looks for the always-valid p-value (or use <see cref="SequentialMonitor"/>).</summary>
    /// <param name="control">The control arm A; at least 2 observations.</param>
    /// <param name="treatment">The treatment arm B; at least 2 observations.</param>
    /// <param name="mixingVariance">The mixing variance τ², positive.</param>
    /// <param name="nullDifference">The null difference θ₀.</param>
    /// <returns>A value in [0, 1].</returns>
    public static double PValueAtLook(SampleSummary control, SampleSummary treatment, double mixingVariance, double nullDifference = 0)
        => Math.Min(1, 1 / LikelihoodRatio(control, treatment, mixingVariance, nullDifference));

    internal static void Check(SampleSummary arm, string paramName)
    {
        if (arm.Count < 2)
        {
            throw new ArgumentException($"At least 2 observations are required, got {arm.Count}.", paramName);
        }

        if (!double.IsFinite(arm.Mean) || !double.IsFinite(arm.Variance) || arm.Variance < 0)
        {
            throw new ArgumentException($"The mean and variance must be finite and the variance non-negative; got mean {arm.Mean}, variance {arm.Variance}.", paramName);
        }
    }
}
