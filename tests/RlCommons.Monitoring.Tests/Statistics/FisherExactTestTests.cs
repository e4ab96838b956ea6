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
}
