using MathNet.Numerics;

namespace RlCommons.Monitoring.Statistics;

/// <summary>Fisher's exact test of a 2×2 table, with scipy's <c>fisher_exact</c> semantics.</summary>
public static class FisherExactTest
{
    // scipy counts a table as "as extreme" when its probability is at most the observed one times this factor,
    // so that tables equally likely in exact arithmetic are not lost to rounding.
    private const double RelativeTolerance = 1 + 1e-7;

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

        if (a + b + c + d > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(d), "The table total must not exceed int.MaxValue.");
        }

        if (a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0)
        {
            return new FisherExactResult(double.NaN, 1);
        }

        double oddsRatio = b > 0 && c > 0 ? (double)a * d / ((double)b * c) : double.PositiveInfinity;
        long row1 = a + b;
        long total = a + b + c + d;
        long column1 = a + c;
        long low = Math.Max(0, column1 - (c + d));
        long high = Math.Min(row1, column1);
        double p = alternative switch
        {
            FisherAlternative.Less => Sum(low, a, _ => true),
            FisherAlternative.Greater => Sum(a, high, _ => true),
            _ => TwoSided(),
        };
        return new FisherExactResult(oddsRatio, Math.Min(p, 1));

        double TwoSided()
        {
            double threshold = Probability(a) * RelativeTolerance;
            return Sum(low, high, x => Probability(x) <= threshold);
        }

        double Sum(long from, long to, Func<long, bool> include)
        {
            double sum = 0;
            for (long x = from; x <= to; x++)
            {
                if (include(x))
                {
                    sum += Probability(x);
                }
            }

            return sum;
        }

        // Hypergeometric probability of x in the top-left cell, from log-binomials (MathNet's Hypergeometric.PMF
        // rounds each binomial coefficient to an integer, which loses relative precision in the tails).
        double Probability(long x) => Math.Exp(
            SpecialFunctions.BinomialLn((int)row1, (int)x)
            + SpecialFunctions.BinomialLn((int)(total - row1), (int)(column1 - x))
            - SpecialFunctions.BinomialLn((int)total, (int)column1));
    }
}
