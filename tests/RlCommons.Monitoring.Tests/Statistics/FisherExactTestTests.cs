using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Tests.Statistics;

public sealed class FisherExactTestTests
{
    [Theory]
    [InlineData(FisherAlternative.TwoSided, 2.0 / 70)]
    [InlineData(FisherAlternative.Greater, 1.0 / 70)]
    [InlineData(FisherAlternative.Less, 1.0)]
    public void Test_LadyTastingTea_GivesHypergeometricTails(FisherAlternative alternative, double expected)
    {
        // Fisher's tea table: 4 of 4 cups right, probability 1/C(8,4) = 1/70 each for the two extreme tables.
        FisherExactResult r = FisherExactTest.Test(4, 0, 0, 4, alternative);

        Assert.Equal(expected, r.PValue, 1e-14);
        Assert.Equal(double.PositiveInfinity, r.OddsRatio);
    }

    [Fact]
    public void Test_ScipyReferenceRow_MatchesTwoSidedPValueAndOddsRatio()
    {
        // scipy.stats.fisher_exact([[2, 12], [10, 2]]) from the shared reference file.
        FisherExactResult r = FisherExactTest.Test(2, 12, 10, 2);

        Assert.Equal(0.0011010903217122088, r.PValue, 1e-15);
        Assert.Equal(1.0 / 30, r.OddsRatio, 1e-15);
    }

    [Fact]
    public void Test_SymmetricTable_CountsTheEquallyLikelyMirrorTable()
    {
        // [[3, 1], [1, 3]]: P(3) = P(1) = 16/70 and P(4) = P(0) = 1/70, so two-sided p = 34/70.
        FisherExactResult r = FisherExactTest.Test(3, 1, 1, 3);

        Assert.Equal(34.0 / 70, r.PValue, 1e-14);
        Assert.Equal(9, r.OddsRatio, 1e-15);
    }

    [Fact]
    public void Test_EmptyRow_GivesNaNOddsRatioAndPValueOne()
    {
        FisherExactResult r = FisherExactTest.Test(0, 0, 3, 4);

        Assert.True(double.IsNaN(r.OddsRatio));
        Assert.Equal(1, r.PValue);
    }

    [Fact]
    public void Test_NegativeCount_ThrowsNamingTheCell()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FisherExactTest.Test(1, 2, -3, 4));

        Assert.Equal("c", e.ParamName);
    }

    [Theory]
    [InlineData(30, 170, 45, 155, FisherAlternative.TwoSided, 0.07243180831902994)]
    [InlineData(30, 170, 45, 155, FisherAlternative.Less, 0.03621590415951497)]
    [InlineData(30, 170, 45, 155, FisherAlternative.Greater, 0.9800392754051597)]
    [InlineData(1200, 98800, 1350, 98650, FisherAlternative.TwoSided, 0.002974390740575111)]
    [InlineData(1200, 98800, 1350, 98650, FisherAlternative.Less, 0.0014871953702875556)]
    [InlineData(0, 500, 25, 475, FisherAlternative.TwoSided, 4.38233447667818e-08)]
    [InlineData(400_000_000, 400_000_000, 400_000_000, 400_000_000, FisherAlternative.TwoSided, 1.0)]
    [InlineData(400_000_000, 400_000_000, 399_950_000, 400_050_000, FisherAlternative.TwoSided, 0.012421083395998708)]
    [InlineData(400_000_000, 400_000_000, 399_950_000, 400_050_000, FisherAlternative.Greater, 0.006210541697999354)]
    public void Test_ScipyReferenceTables_MatchFisherExact(long a, long b, long c, long d, FisherAlternative alternative, double expected)
    {
        // scipy.stats.fisher_exact, from fisher_exact_reference.py beside this file; for the last two tables the
        // script's exact 40-digit values (scipy 1.10 gives 0.012421082449457383 and 0.006210541224728691, 8e-8 off).
        // The 4e8 tables took over 40 s when every table of the support was summed; the walk from the mode keeps
        // them to milliseconds.
        FisherExactResult r = FisherExactTest.Test(a, b, c, d, alternative);

        Assert.Equal(expected, r.PValue, expected * 1e-9);
    }

    [Theory]
    [InlineData(1L << 61, 0, 0, long.MaxValue)]
    [InlineData(long.MaxValue, 1, 1, 1)]
    [InlineData(int.MaxValue, 0, 0, 1)]
    public void Test_TotalAboveTheMaximum_ThrowsWithoutOverflow(long a, long b, long c, long d)
    {
        // Before, the first overflowed the sum check and looped 2^61 times; the second returned p = 0.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FisherExactTest.Test(a, b, c, d));

        Assert.Equal("d", e.ParamName);
        Assert.Contains("must not exceed 2147483647", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_TotalAtTheMaximum_GivesAValue()
    {
        FisherExactResult r = FisherExactTest.Test(int.MaxValue - 3, 1, 1, 1);

        Assert.InRange(r.PValue, 0, 1);
    }
}
