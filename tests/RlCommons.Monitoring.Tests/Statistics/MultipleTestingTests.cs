using RlCommons.Monitoring.Statistics;
using RlCommons.Randomness;

namespace RlCommons.Monitoring.Tests.Statistics;

public sealed class MultipleTestingTests
{
    // Hand-computed from statsmodels' rules. Holm: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 gives
    // 0.02, 0.03, 0.06, 0.04, running max 0.02, 0.03, 0.06, 0.06. BH: p·4/rank gives 0.02, 0.02, 0.04, 0.04.
    [Theory]
    [InlineData(new[] { 0.01, 0.04, 0.03, 0.005 }, new[] { 0.03, 0.06, 0.06, 0.02 })]
    [InlineData(new[] { 0.5, 0.6 }, new[] { 1.0, 1.0 })]
    [InlineData(new[] { 0.2 }, new[] { 0.2 })]
    [InlineData(new[] { 0.001, 0.001, 0.3 }, new[] { 0.003, 0.003, 0.3 })]
    public void Holm_Table_MatchesStatsmodels(double[] raw, double[] expected)
    {
        double[] adjusted = MultipleTesting.Holm(raw);

        Assert.Equal(expected.Length, adjusted.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], adjusted[i], 1e-15);
        }
    }

    [Theory]
    [InlineData(new[] { 0.01, 0.04, 0.03, 0.005 }, new[] { 0.02, 0.04, 0.04, 0.02 })]
    [InlineData(new[] { 0.01, 0.02, 0.03, 0.04, 0.05 }, new[] { 0.05, 0.05, 0.05, 0.05, 0.05 })]
    [InlineData(new[] { 0.5, 0.6 }, new[] { 0.6, 0.6 })]
    [InlineData(new[] { 0.9, 0.8, 0.01 }, new[] { 0.9, 0.9, 0.03 })]
    public void BenjaminiHochberg_Table_MatchesStatsmodels(double[] raw, double[] expected)
    {
        double[] adjusted = MultipleTesting.BenjaminiHochberg(raw);

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], adjusted[i], 1e-15);
        }
    }

    [Fact]
    public void BenjaminiHochberg_NeverExceedsHolm()
    {
        double[] raw = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205];

        double[] holm = MultipleTesting.Holm(raw);
        double[] bh = MultipleTesting.BenjaminiHochberg(raw);

        for (int i = 0; i < raw.Length; i++)
        {
            Assert.InRange(bh[i], raw[i], holm[i]);
        }
    }

    [Fact]
    public void Corrections_RandomVectors_MatchTheDefinitionsByBruteForce()
    {
        // The O(m²) definitions, written independently of the sorted one-pass implementation.
        var random = new Xoshiro256Random(2026);
        for (int trial = 0; trial < 300; trial++)
        {
            int m = 1 + random.Next(12);
            double[] p = [.. Enumerable.Range(0, m).Select(_ => random.Next(4) == 0 ? Math.Round(random.NextDouble(), 1) : random.NextDouble() * 0.2)];
            int[] rank = RanksOf(p);

            double[] holm = MultipleTesting.Holm(p);
            double[] bh = MultipleTesting.BenjaminiHochberg(p);

            for (int i = 0; i < m; i++)
            {
                double holmExpected = 0;
                double bhExpected = double.PositiveInfinity;
                for (int j = 0; j < m; j++)
                {
                    if (rank[j] <= rank[i])
                    {
                        holmExpected = Math.Max(holmExpected, (m - rank[j] + 1) * p[j]);
                    }

                    if (rank[j] >= rank[i])
                    {
                        bhExpected = Math.Min(bhExpected, p[j] / ((double)rank[j] / m));
                    }
                }

                Assert.Equal(Math.Min(1, holmExpected), holm[i], 1e-15);
                Assert.Equal(Math.Min(1, bhExpected), bh[i], 1e-15);
            }
        }
    }

    private static int[] RanksOf(double[] p)
    {
        // 1-based ranks of a stable ascending sort (ties keep input order).
        int[] order = [.. Enumerable.Range(0, p.Length).OrderBy(i => p[i])];
        var rank = new int[p.Length];
        for (int r = 0; r < order.Length; r++)
        {
            rank[order[r]] = r + 1;
        }

        return rank;
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void Holm_PValueOutOfRange_ThrowsNamingPValues(double bad)
    {
        var e = Assert.Throws<ArgumentException>(() => MultipleTesting.Holm([0.1, bad]));

        Assert.Equal("pValues", e.ParamName);
    }

    [Fact]
    public void BenjaminiHochberg_Empty_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => MultipleTesting.BenjaminiHochberg([]));

        Assert.Equal("pValues", e.ParamName);
    }
}
