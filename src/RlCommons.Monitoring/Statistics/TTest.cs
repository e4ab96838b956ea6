using MathNet.Numerics.Distributions;

namespace RlCommons.Monitoring.Statistics;

/// <summary>
/// Two-sample t-tests with scipy's <c>ttest_ind</c> semantics (<c>equal_var=False</c> for Welch, <c>True</c> for
/// Student), two-sided p-values, and a t confidence interval of the mean difference.
/// </summary>
public static class TTest
{
    /// <summary>Welch's unequal-variance t-test with Welch–Satterthwaite degrees of freedom.</summary>
    /// <remarks>
    /// Both samples constant (zero variance): as scipy, the statistic is ±∞ with p-value 0 when the means differ and
    /// NaN with p-value NaN when they agree; the degrees of freedom are NaN and the interval collapses to the mean
    /// difference. The samples are scaled by a power of two before the moments are taken, so magnitudes up to
    /// <c>double.MaxValue</c> do not overflow the variance; only the reported difference and interval bounds can be
    /// infinite when they exceed <c>double.MaxValue</c>.
    /// </remarks>
    /// <param name="a">The first sample (at least 2 finite values).</param>
    /// <param name="b">The second sample (at least 2 finite values).</param>
    /// <param name="confidence">The level of the interval of the mean difference, in (0, 1). The default is 0.95.</param>
    /// <returns>The statistic, degrees of freedom, two-sided p-value and interval.</returns>
    public static TTestResult Welch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double confidence = 0.95)
    {
        Guard.Samples(a, 2, nameof(a));
        Guard.Samples(b, 2, nameof(b));
        Guard.OpenUnit(confidence, nameof(confidence));
        double scale = Guard.Scale(a, b);
        (double meanA, double varA) = Guard.MeanAndVariance(a, scale);
        (double meanB, double varB) = Guard.MeanAndVariance(b, scale);
        double va = varA / a.Length;
        double vb = varB / b.Length;
        double df = va + vb == 0 ? double.NaN : (va + vb) * (va + vb) / ((va * va / (a.Length - 1)) + (vb * vb / (b.Length - 1)));
        return Build(meanA - meanB, Math.Sqrt(va + vb), df, confidence, scale);
    }

    /// <summary>Student's t-test with the pooled variance and <c>n_a + n_b - 2</c> degrees of freedom.</summary>
    /// <remarks>Zero pooled variance and overflow-free scaling behave as in <see cref="Welch"/> (the degrees of freedom stay finite).</remarks>
    /// <param name="a">The first sample (at least 1 finite value; 3 values in all).</param>
    /// <param name="b">The second sample (at least 1 finite value; 3 values in all).</param>
    /// <param name="confidence">The level of the interval of the mean difference, in (0, 1). The default is 0.95.</param>
    /// <returns>The statistic, degrees of freedom, two-sided p-value and interval.</returns>
    public static TTestResult Student(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double confidence = 0.95)
    {
        Guard.Samples(a, 1, nameof(a));
        Guard.Samples(b, 1, nameof(b));
        if (a.Length + b.Length < 3)
        {
            throw new ArgumentException("The two samples need at least 3 observations together.", nameof(b));
        }

        Guard.OpenUnit(confidence, nameof(confidence));
        double df = a.Length + b.Length - 2;
        double scale = Guard.Scale(a, b);
        (double meanA, double varA) = a.Length > 1 ? Guard.MeanAndVariance(a, scale) : (a[0] / scale, 0);
        (double meanB, double varB) = b.Length > 1 ? Guard.MeanAndVariance(b, scale) : (b[0] / scale, 0);
        double pooled = (((a.Length - 1) * varA) + ((b.Length - 1) * varB)) / df;
        double se = Math.Sqrt(pooled * ((1.0 / a.Length) + (1.0 / b.Length)));
        return Build(meanA - meanB, se, df, confidence, scale);
    }

    /// <summary>The t confidence interval of a mean (scipy's <c>t.interval(confidence, n-1, mean, sem)</c>).</summary>
    /// <param name="sample">The sample (at least 2 finite values).</param>
    /// <param name="confidence">The level, in (0, 1). The default is 0.95.</param>
    /// <returns>The interval.</returns>
    public static ConfidenceInterval MeanInterval(ReadOnlySpan<double> sample, double confidence = 0.95)
    {
        Guard.Samples(sample, 2, nameof(sample));
        Guard.OpenUnit(confidence, nameof(confidence));
        (double mean, double variance) = Guard.MeanAndVariance(sample);
        double half = Quantile(confidence, sample.Length - 1) * Math.Sqrt(variance / sample.Length);
        return new ConfidenceInterval(mean - half, mean + half, confidence);
    }

    /// <summary>Two-sided p-value of <paramref name="t"/>: <c>2·P(T ≥ |t|)</c>.</summary>
    internal static double TwoSidedPValue(double t, double df)
    {
        // I_{df/(df+t²)}(df/2, 1/2) is the two-tailed probability itself: no 1 - CDF cancellation for large |t|.
        return MathNet.Numerics.SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + (t * t)));
    }

    /// <summary>The upper <c>(1 + confidence) / 2</c> quantile of Student's t.</summary>
    internal static double Quantile(double confidence, double df)
    {
        // MathNet's InvCDF is a Brent search good to about 1e-9; a few Newton steps on the upper tail
        // (computed directly, without 1 - CDF) bring it to full double precision.
        double tail = (1 - confidence) / 2;
        double x = StudentT.InvCDF(0, 1, df, 1 - tail);
        for (int i = 0; i < 3; i++)
        {
            x += (TwoSidedPValue(x, df) / 2 - tail) / StudentT.PDF(0, 1, df, x);
        }

        return x;
    }

    // difference and se are in units of scale (a power of two), so t is exact and the rescaling below is too.
    private static TTestResult Build(double difference, double se, double df, double confidence, double scale)
    {
        double t = difference / se;

        // Zero variance: scipy's ±∞ with p = 0 (means differ) or NaN (means agree); the interval is the difference.
        double p = se == 0 ? (double.IsNaN(t) ? double.NaN : 0) : TwoSidedPValue(t, df);
        double half = se == 0 ? 0 : Quantile(confidence, df) * se * scale;
        difference *= scale;
        return new TTestResult(t, df, p, difference, new ConfidenceInterval(difference - half, difference + half, confidence));
    }
}
