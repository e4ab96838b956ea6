using MathNet.Numerics;

namespace RlCommons.Monitoring.Statistics;

/// <summary>The χ² test of independence of a contingency table, with scipy's <c>chi2_contingency</c> semantics.</summary>
public static class ChiSquareTest
{
    /// <summary>
    /// Tests independence of rows and columns. Expected counts are <c>row sum · column sum / total</c>. With
    /// <paramref name="yatesCorrection"/> and one degree of freedom, each observed count moves towards its expected
    /// count by 0.5, or by the whole gap when that is smaller (scipy's rule, so the correction never overshoots).
    /// With zero degrees of freedom the statistic is 0 and the p-value 1.
    /// </summary>
    /// <param name="table">The counts, at least 1×1, none negative, no row or column summing to 0.</param>
    /// <param name="yatesCorrection">Whether to apply Yates' continuity correction (only for 1 degree of freedom). The default is true.</param>
    /// <returns>The statistic, degrees of freedom and p-value.</returns>
    public static ChiSquareResult Independence(long[,] table, bool yatesCorrection = true)
    {
        ArgumentNullException.ThrowIfNull(table);
        int rows = table.GetLength(0);
        int columns = table.GetLength(1);
        if (rows == 0 || columns == 0)
        {
            throw new ArgumentException("The table must have at least one row and one column.", nameof(table));
        }

        var rowSums = new double[rows];
        var columnSums = new double[columns];
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                long count = table[i, j];
                if (count < 0)
                {
                    throw new ArgumentException($"Counts must not be negative; cell [{i}, {j}] is {count}.", nameof(table));
                }

                rowSums[i] += count;
                columnSums[j] += count;
                total += count;
            }
        }

        if (Array.IndexOf(rowSums, 0.0) >= 0 || Array.IndexOf(columnSums, 0.0) >= 0)
        {
            throw new ArgumentException("Every row and column must have a positive total, or some expected count is zero.", nameof(table));
        }

        int df = (rows - 1) * (columns - 1);
        if (df == 0)
        {
            return new ChiSquareResult(0, 0, 1);
        }

        bool correct = yatesCorrection && df == 1;
        double statistic = 0;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                double expected = rowSums[i] * columnSums[j] / total;
                double observed = table[i, j];
                if (correct)
                {
                    double gap = expected - observed;
                    observed += Math.Sign(gap) * Math.Min(0.5, Math.Abs(gap));
                }

                double d = observed - expected;
                statistic += d * d / expected;
            }
        }

        // The upper regularized gamma directly: 1 - CDF would lose every digit of a tiny p-value.
        return new ChiSquareResult(statistic, df, SpecialFunctions.GammaUpperRegularized(df / 2.0, statistic / 2));
    }
}
