namespace RlCommons.Monitoring.Statistics;

/// <summary>Fisher's exact test of a 2×2 table, with scipy's <c>fisher_exact</c> semantics.</summary>
/// <remarks>
/// <para>Limits and cost: the table total may be at most <see cref="MaxTotal"/> (checked without overflow). The
/// hypergeometric probabilities are built from the ratio of neighbouring terms in log space, walking out from the
/// mode until a term falls below e⁻⁸⁰⁰ of the mode's (beyond that every term is 0 in double precision), so the work
/// is proportional to the spread of the null distribution, about 80 standard deviations ≤ 20·√total steps, not to
/// the counts: roughly a million steps (milliseconds) at the maximum total. Tables whose probability is below that
/// cut-off get the p-value 0, as in double-precision scipy.</para>
/// <para>Thread safety: all members are static and pure, safe from any thread.</para>
/// </remarks>
public static class FisherExactTest
{
    /// <summary>The largest table total accepted, <c>int.MaxValue</c> (2,147,483,647).</summary>
    public const long MaxTotal = int.MaxValue;

    // scipy counts a table as "as extreme" when its probability is at most the observed one times this factor,
    // so that tables equally likely in exact arithmetic are not lost to rounding.
    private static readonly double LogRelativeTolerance = Math.Log(1 + 1e-7);

    // Terms below e^-800 of the mode's are 0 in double precision: the walk stops there.
    private const double LogCutoff = -800;

    /// <summary>
    /// Tests the table <c>[[a, b], [c, d]]</c>. Under the null hypothesis the top-left count is hypergeometric given
    /// the margins. Two-sided: the sum of the probabilities of all tables no more likely than the observed one.
    /// </summary>
    /// <param name="a">Row 1, column 1.</param>
    /// <param name="b">Row 1, column 2.</param>
    /// <param name="c">Row 2, column 1.</param>
    /// <param name="d">Row 2, column 2.</param>
    /// <param name="alternative">The alternative hypothesis. The default is two-sided.</param>
    /// <returns>The sample odds ratio and the p-value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, the alternative is unknown, or the total exceeds <see cref="MaxTotal"/>.</exception>
    public static FisherExactResult Test(long a, long b, long c, long d, FisherAlternative alternative = FisherAlternative.TwoSided)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfNegative(d);
        if (!Enum.IsDefined(alternative))
        {
            throw new ArgumentOutOfRangeException(nameof(alternative), alternative, "Unknown alternative.");
        }

        // Each count is at most MaxTotal before it is added, so the running sum cannot overflow.
        if (a > MaxTotal || b > MaxTotal - a || c > MaxTotal - a - b || d > MaxTotal - a - b - c)
        {
            throw new ArgumentOutOfRangeException(nameof(d), $"The table total must not exceed {MaxTotal} (int.MaxValue); use a χ² test for larger tables.");
        }

        if (a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0)
        {
            return new FisherExactResult(double.NaN, 1);
        }

        double oddsRatio = b > 0 && c > 0 ? (double)a * d / ((double)b * c) : double.PositiveInfinity;
        long row1 = a + b;
        long row2 = c + d;
        long column1 = a + c;
        long total = row1 + row2;
        long low = Math.Max(0, column1 - row2);
        long high = Math.Min(row1, column1);
        long mode = Math.Clamp((long)Math.Floor((row1 + 1.0) * (column1 + 1.0) / (total + 2.0)), low, high);

        // log P(x+1)/P(x) = log[(row1 − x)(column1 − x) / ((x + 1)(row2 − column1 + x + 1))].
        double LogRatioUp(long x) => Math.Log((double)(row1 - x) * (column1 - x) / ((double)(x + 1) * (row2 - column1 + x + 1)));

        var above = new List<double>();
        double logTerm = 0;
        for (long x = mode; x < high; x++)
        {
            logTerm += LogRatioUp(x);
            if (logTerm < LogCutoff)
            {
                break;
            }

            above.Add(logTerm);
        }

        var below = new List<double>();
        logTerm = 0;
        for (long x = mode; x > low; x--)
        {
            logTerm -= LogRatioUp(x - 1);
            if (logTerm < LogCutoff)
            {
                break;
            }

            below.Add(logTerm);
        }

        // The window [first, first + logs.Length) holds every term that is not 0 in double precision, relative to the mode.
        long first = mode - below.Count;
        var logs = new double[below.Count + 1 + above.Count];
        for (int i = 0; i < below.Count; i++)
        {
            logs[below.Count - 1 - i] = below[i];
        }

        above.CopyTo(logs, below.Count + 1);
        double normaliser = 0;
        foreach (double l in logs)
        {
            normaliser += Math.Exp(l);
        }

        long offset = a - first;
        double logObserved = offset >= 0 && offset < logs.Length ? logs[offset] : double.NegativeInfinity;
        double threshold = logObserved + LogRelativeTolerance;
        double sum = 0;
        for (int i = 0; i < logs.Length; i++)
        {
            bool include = alternative switch
            {
                FisherAlternative.Less => first + i <= a,
                FisherAlternative.Greater => first + i >= a,
                _ => logs[i] <= threshold,
            };
            if (include)
            {
                sum += Math.Exp(logs[i]);
            }
        }

        return new FisherExactResult(oddsRatio, Math.Min(sum / normaliser, 1));
    }
}
