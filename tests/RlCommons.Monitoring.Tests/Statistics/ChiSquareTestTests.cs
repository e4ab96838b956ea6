using MathNet.Numerics;
using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Tests.Statistics;

public sealed class ChiSquareTestTests
{
    [Fact]
    public void Independence_TwoByTwoWithoutCorrection_GivesPearsonStatistic()
    {
        // Every expected count is 15 and every |O - E| is 5: χ² = 4·25/15; with 1 df, p = erfc(√(χ²/2)).
        ChiSquareResult r = ChiSquareTest.Independence(new long[,] { { 10, 20 }, { 20, 10 } }, yatesCorrection: false);

        Assert.Equal(20.0 / 3, r.Statistic, 1e-14);
        Assert.Equal(1, r.DegreesOfFreedom);
        Assert.Equal(SpecialFunctions.Erfc(Math.Sqrt(10.0 / 3)), r.PValue, 1e-15);
    }

    [Fact]
    public void Independence_TwoByTwoWithCorrection_ShrinksEachGapByHalf()
    {
        ChiSquareResult r = ChiSquareTest.Independence(new long[,] { { 10, 20 }, { 20, 10 } });

        Assert.Equal(4 * 4.5 * 4.5 / 15, r.Statistic, 1e-14);
    }

    [Fact]
    public void Independence_GapsBelowHalf_CorrectionStopsAtExpectedCounts()
    {
        // |O - E| = 5/21 < 0.5 in every cell: scipy moves O onto E rather than past it, so χ² = 0 and p = 1.
        ChiSquareResult r = ChiSquareTest.Independence(new long[,] { { 5, 5 }, { 5, 6 } });

        Assert.Equal(0, r.Statistic, 1e-15);
        Assert.Equal(1, r.PValue, 1e-15);
    }

    [Fact]
    public void Independence_TwoByThree_IgnoresCorrectionAndUsesExponentialTail()
    {
        // Expected 20 everywhere, χ² = 400/20 = 20; with 2 df the upper tail is e^{-χ²/2}.
        ChiSquareResult r = ChiSquareTest.Independence(new long[,] { { 10, 20, 30 }, { 30, 20, 10 } });

        Assert.Equal(20, r.Statistic, 1e-13);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-10), r.PValue, 1e-17);
    }

    [Fact]
    public void Independence_NegativeCount_ThrowsNamingTheTable()
    {
        var e = Assert.Throws<ArgumentException>(() => ChiSquareTest.Independence(new long[,] { { 1, -1 }, { 2, 3 } }));

        Assert.Equal("table", e.ParamName);
        Assert.Contains("negative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Independence_EmptyColumn_ThrowsZeroExpectedCount()
    {
        var e = Assert.Throws<ArgumentException>(() => ChiSquareTest.Independence(new long[,] { { 1, 0 }, { 2, 0 } }));

        Assert.Equal("table", e.ParamName);
    }
}
