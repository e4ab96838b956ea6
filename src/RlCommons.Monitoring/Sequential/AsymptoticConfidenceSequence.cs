using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Sequential;

/// <summary>
/// Asymptotic confidence sequences (Waudby-Smith, Arbour, Sinha, Kennedy and Ramdas, "Time-uniform central limit
/// theory and asymptotic confidence sequences", Annals of Statistics, 2024), in the form GrowthBook uses for its
/// sequential testing: intervals that cover the true difference in means at every sample size simultaneously.
/// </summary>
/// <remarks>
/// <para>For <c>N</c> observations in total, an estimate with <c>N·Var(estimate) = σ̂²</c> and the mixing parameter
/// <c>ρ</c>, the two-sided (1 − α) interval is <c>estimate ± σ̂ · sqrt( 2(Nρ² + 1) / (N²ρ²) · ln( sqrt(Nρ² + 1) / α ) )</c>.
/// For a difference in means <c>Var(estimate) = s²_A/n_A + s²_B/n_B</c> and <c>N = n_A + n_B</c>.</para>
/// <para>The tuning parameter <c>N*</c> is the total sample size at which the sequence is tightest. GrowthBook
/// converts it with the paper's closed-form approximation <c>ρ² = (−2 ln α + ln(−2 ln α + 1)) / N*</c> and uses
/// <c>N* = 5000</c> by default, as this class does. Pick it near the sample you expect to stop at: the width there is
/// then close to the best any ρ could give, at a modest cost elsewhere.</para>
/// <para>Thread safety: all members are static and pure.</para>
/// </remarks>
public static class AsymptoticConfidenceSequence
{
    /// <summary>GrowthBook's default tuning parameter <c>N*</c>: 5000.</summary>
    public const double DefaultTuningSampleSize = 5000;

    /// <summary>The mixing parameter ρ² for which the sequence is (approximately) tightest at <paramref name="tuningSampleSize"/>.</summary>
    /// <param name="alpha">The error level, in (0, 1).</param>
    /// <param name="tuningSampleSize">The total sample size N* to optimize for, positive.</param>
    /// <returns><c>(−2 ln α + ln(−2 ln α + 1)) / N*</c>.</returns>
    public static double RhoSquared(double alpha, double tuningSampleSize = DefaultTuningSampleSize)
    {
        Guard.OpenUnit(alpha, nameof(alpha));
        Guard.Positive(tuningSampleSize, nameof(tuningSampleSize));
        double l = -2 * Math.Log(alpha);
        return (l + Math.Log(l + 1)) / tuningSampleSize;
    }

    /// <summary>The half-width of the interval for a unit-variance stream: multiply by σ̂ (see the class remarks).</summary>
    /// <param name="totalCount">N, the number of observations, at least 1.</param>
    /// <param name="rhoSquared">ρ², positive (see <see cref="RhoSquared"/>).</param>
    /// <param name="alpha">The error level, in (0, 1).</param>
    /// <returns><c>sqrt( 2(Nρ² + 1) / (N²ρ²) · ln( sqrt(Nρ² + 1) / α ) )</c>.</returns>
    public static double StandardMargin(double totalCount, double rhoSquared, double alpha)
    {
        if (!(totalCount >= 1) || double.IsInfinity(totalCount))
        {
            throw new ArgumentOutOfRangeException(nameof(totalCount), totalCount, "The sample size must be a finite number of at least 1.");
        }

        Guard.Positive(rhoSquared, nameof(rhoSquared));
        Guard.OpenUnit(alpha, nameof(alpha));
        double a = (totalCount * rhoSquared) + 1;
        return Math.Sqrt(2 * a / (totalCount * totalCount * rhoSquared) * Math.Log(Math.Sqrt(a) / alpha));
    }

    /// <summary>The (1 − α) confidence-sequence interval for the difference in means <c>B − A</c> at the current sample.</summary>
    /// <param name="control">The control arm A; at least 2 observations.</param>
    /// <param name="treatment">The treatment arm B; at least 2 observations.</param>
    /// <param name="alpha">The error level, in (0, 1); 0.05 by default.</param>
    /// <param name="tuningSampleSize">N*, the total sample size to optimize for; 5000 by default.</param>
    /// <returns>The interval, with <see cref="ConfidenceInterval.Confidence"/> = 1 − α.</returns>
    public static ConfidenceInterval DifferenceInMeans(SampleSummary control, SampleSummary treatment, double alpha = 0.05, double tuningSampleSize = DefaultTuningSampleSize)
    {
        Msprt.Check(control, nameof(control));
        Msprt.Check(treatment, nameof(treatment));
        double rho2 = RhoSquared(alpha, tuningSampleSize);
        double n = control.Count + treatment.Count;
        double sigma = Math.Sqrt(n * (control.VarianceOfMean + treatment.VarianceOfMean));
        double half = sigma * StandardMargin(n, rho2, alpha);
        double estimate = treatment.Mean - control.Mean;
        return new ConfidenceInterval(estimate - half, estimate + half, 1 - alpha);
    }
}
