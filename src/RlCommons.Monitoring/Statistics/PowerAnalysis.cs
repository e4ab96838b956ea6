using MathNet.Numerics.Distributions;
using MathNet.Numerics.RootFinding;

namespace RlCommons.Monitoring.Statistics;

/// <summary>
/// Power and sample size of two-sided two-sample tests with equal group sizes, matching statsmodels'
/// <c>TTestIndPower</c> (noncentral t) and <c>NormalIndPower</c> (normal approximation, for Cohen's h).
/// </summary>
/// <remarks>
/// <para>Limits: effect sizes of the t-test functions must satisfy <c>|d| ≤ </c><see cref="MaxEffectSize"/> (1000);
/// larger ones throw <see cref="ArgumentOutOfRangeException"/> (they are data errors, and the noncentral t series
/// cannot be summed for them). Above <see cref="MaxExactObservations"/> (10⁷) per group the t-test power is the
/// normal approximation (the z-test power), which differs from the noncentral t by less than 1e-7 there and gives
/// power 1 for astronomically large groups instead of the non-converging t quantile. When the noncentrality exceeds
/// <c>40·(t_crit + 1)</c> the power is 1 to double precision and is returned as 1 without the series. Sample sizes
/// above 1e9 per group throw <see cref="ArgumentException"/>.</para>
/// <para>Thread safety: all members are static and pure, safe from any thread.</para>
/// </remarks>
public static class PowerAnalysis
{
    /// <summary>The largest |Cohen's d| the t-test functions accept, 1000.</summary>
    public const double MaxEffectSize = 1000;

    /// <summary>Observations per group above which the t-test power is the normal approximation, 10⁷ (error below 1e-7).</summary>
    public const double MaxExactObservations = 1e7;

    private const double MaxObservations = 1e9;

    /// <summary>
    /// Power of the two-sided two-sample t-test with <paramref name="nobs1"/> observations per group:
    /// <c>P(T &gt; t_crit) + P(T &lt; -t_crit)</c> for T noncentral t with <c>2n - 2</c> degrees of freedom and
    /// noncentrality <c>d·√(n/2)</c>.
    /// </summary>
    /// <param name="effectSize">Cohen's d, with <c>|d| ≤ </c><see cref="MaxEffectSize"/>.</param>
    /// <param name="nobs1">Observations per group (more than 1, finite; fractional values allowed as in statsmodels).</param>
    /// <param name="alpha">The significance level, in (0, 1).</param>
    /// <returns>The power; the normal approximation above <see cref="MaxExactObservations"/> per group.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double TTestIndPower(double effectSize, double nobs1, double alpha)
    {
        CheckEffectSize(effectSize);
        if (!(nobs1 > 1) || double.IsInfinity(nobs1))
        {
            throw new ArgumentOutOfRangeException(nameof(nobs1), nobs1, "More than one observation per group is required.");
        }

        Guard.OpenUnit(alpha, nameof(alpha));
        return TPower(effectSize, nobs1, alpha);
    }

    /// <summary>Observations per group for the two-sided two-sample t-test to reach <paramref name="power"/> (not rounded up).</summary>
    /// <param name="effectSize">Cohen's d, not 0, with <c>|d| ≤ </c><see cref="MaxEffectSize"/>.</param>
    /// <param name="alpha">The significance level, in (0, 1).</param>
    /// <param name="power">The target power, in (alpha, 1).</param>
    /// <returns>The fractional number of observations per group.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">The target needs more than 1e9 observations per group.</exception>
    public static double TTestIndSampleSize(double effectSize, double alpha, double power)
    {
        CheckEffectSize(effectSize);
        CheckSolve(effectSize, alpha, power);
        return Solve(n => TPower(effectSize, n, alpha) - power, 1.5);
    }

    /// <summary>
    /// Power of the two-sided two-sample z-test: <c>Φ̄(z_crit - h·√(n/2)) + Φ(-z_crit - h·√(n/2))</c>.
    /// </summary>
    /// <param name="effectSize">The standardised effect, for example Cohen's h.</param>
    /// <param name="nobs1">Observations per group (positive).</param>
    /// <param name="alpha">The significance level, in (0, 1).</param>
    /// <returns>The power.</returns>
    public static double NormalIndPower(double effectSize, double nobs1, double alpha)
    {
        Guard.Finite(effectSize, nameof(effectSize));
        Guard.Positive(nobs1, nameof(nobs1));
        Guard.OpenUnit(alpha, nameof(alpha));
        return ZPower(effectSize, nobs1, alpha);
    }

    /// <summary>
    /// Observations per group to detect a change of a proportion from <paramref name="baseline"/> to
    /// <paramref name="treatment"/>: the z-test sample size for Cohen's h (statsmodels'
    /// <c>NormalIndPower().solve_power(proportion_effectsize(treatment, baseline), ...)</c>), not rounded up.
    /// </summary>
    /// <param name="baseline">The baseline proportion, in [0, 1].</param>
    /// <param name="treatment">The treatment proportion, in [0, 1], different from the baseline.</param>
    /// <param name="alpha">The significance level, in (0, 1).</param>
    /// <param name="power">The target power, in (alpha, 1).</param>
    /// <returns>The effect size and the fractional number of observations per group.</returns>
    public static (double EffectSize, double Nobs1) ProportionsSampleSize(double baseline, double treatment, double alpha, double power)
    {
        double h = EffectSize.CohensH(baseline, treatment);
        if (h == 0)
        {
            throw new ArgumentException("The proportions must differ.", nameof(treatment));
        }

        CheckSolve(h, alpha, power);
        return (h, Solve(n => ZPower(h, n, alpha) - power, 1e-6));
    }

    private static double TPower(double d, double n, double alpha)
    {
        if (n > MaxExactObservations)
        {
            return ZPower(d, n, alpha);
        }

        double df = (2 * n) - 2;
        double nc = d * Math.Sqrt(n / 2);
        double critical = StudentT.InvCDF(0, 1, df, 1 - (alpha / 2));

        // T ≤ t_crit needs Z ≤ −40 or √(V/ν) ≥ 40 (V ~ χ²_ν), each below 1e-300 for ν ≥ 1: the power is 1.
        if (Math.Abs(nc) >= 40 * (critical + 1))
        {
            return 1;
        }

        return Math.Min(1 - NoncentralT.Cdf(critical, df, nc) + NoncentralT.Cdf(-critical, df, nc), 1);
    }

    private static void CheckEffectSize(double effectSize)
    {
        Guard.Finite(effectSize, nameof(effectSize));
        if (Math.Abs(effectSize) > MaxEffectSize)
        {
            throw new ArgumentOutOfRangeException(nameof(effectSize), effectSize, $"|Cohen's d| must not exceed {MaxEffectSize}.");
        }
    }

    private static double ZPower(double h, double n, double alpha)
    {
        double critical = -Normal.InvCDF(0, 1, alpha / 2);
        double shift = h * Math.Sqrt(n / 2);
        return Normal.CDF(0, 1, shift - critical) + Normal.CDF(0, 1, -critical - shift);
    }

    private static void CheckSolve(double effectSize, double alpha, double power)
    {
        Guard.Finite(effectSize, nameof(effectSize));
        if (effectSize == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(effectSize), effectSize, "A zero effect cannot reach any power above alpha.");
        }

        Guard.OpenUnit(alpha, nameof(alpha));
        Guard.OpenUnit(power, nameof(power));
        if (power <= alpha)
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, "The target power must exceed alpha.");
        }
    }

    private static double Solve(Func<double, double> excess, double lower)
    {
        // Power grows with n: widen the bracket by doubling, then refine with Brent's method.
        double upper = 2;
        while (excess(upper) < 0)
        {
            lower = upper;
            upper *= 2;
            if (upper > MaxObservations)
            {
                throw new ArgumentException("The target power needs more than 1e9 observations per group.");
            }
        }

        if (excess(lower) > 0)
        {
            return lower;
        }

        return Brent.FindRoot(excess, lower, upper, 1e-10, 200);
    }
}
