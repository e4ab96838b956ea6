using MathNet.Numerics.Distributions;
using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Tests.Statistics;

public sealed class PowerAnalysisTests
{
    [Fact]
    public void TTestIndPower_StatsmodelsReferenceRow_Matches()
    {
        // statsmodels TTestIndPower().power(0.347, nobs1=83, alpha=0.1), from the shared reference file.
        Assert.Equal(0.7195355310658214, PowerAnalysis.TTestIndPower(0.347, 83, 0.1), 1e-9);
    }

    [Fact]
    public void TTestIndPower_ZeroEffect_EqualsAlpha()
    {
        Assert.Equal(0.05, PowerAnalysis.TTestIndPower(0, 30, 0.05), 1e-12);
    }

    [Fact]
    public void TTestIndSampleSize_StatsmodelsReferenceRow_Matches()
    {
        Assert.Equal(102.23064310858813, PowerAnalysis.TTestIndSampleSize(0.544, 0.01, 0.9), 1e-6);
    }

    [Fact]
    public void TTestIndSampleSize_SolvedSize_ReachesTargetPower()
    {
        double n = PowerAnalysis.TTestIndSampleSize(-0.3, 0.05, 0.8);

        Assert.Equal(0.8, PowerAnalysis.TTestIndPower(-0.3, n, 0.05), 1e-9);
    }

    [Fact]
    public void NormalIndPower_MatchesClosedForm()
    {
        // Two-sided z-test: Φ(h√(n/2) - z) + Φ(-z - h√(n/2)) with z = Φ⁻¹(0.975).
        double z = Normal.InvCDF(0, 1, 0.975);
        double shift = 0.25 * Math.Sqrt(100 / 2.0);
        double expected = Normal.CDF(0, 1, shift - z) + Normal.CDF(0, 1, -z - shift);

        Assert.Equal(expected, PowerAnalysis.NormalIndPower(0.25, 100, 0.05), 1e-15);
    }

    [Fact]
    public void ProportionsSampleSize_StatsmodelsReferenceRow_Matches()
    {
        (double h, double n) = PowerAnalysis.ProportionsSampleSize(0.37, 0.478, 0.05, 0.8);

        Assert.Equal(0.2190079931921467, h, 1e-14);
        Assert.Equal(327.2778964551911, n, 1e-6);
    }

    [Fact]
    public void TTestIndSampleSize_PowerBelowAlpha_ThrowsNamingPower()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.TTestIndSampleSize(0.5, 0.1, 0.05));

        Assert.Equal("power", e.ParamName);
    }

    [Fact]
    public void ProportionsSampleSize_EqualProportions_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => PowerAnalysis.ProportionsSampleSize(0.3, 0.3, 0.05, 0.8));

        Assert.Equal("treatment", e.ParamName);
    }

    [Fact]
    public void TTestIndPower_AstronomicalGroups_IsOne()
    {
        // Before, the t quantile with 2e300 degrees of freedom threw NonConvergenceException.
        Assert.Equal(1, PowerAnalysis.TTestIndPower(0.1, 1e300, 0.05));
    }

    [Theory]
    [InlineData(0.001, 2e7, 0.05, 0.8853791260600422)]
    [InlineData(0.0005, 5e7, 0.01, 0.4697776275968405)]
    public void TTestIndPower_AboveTheExactLimit_MatchesNoncentralTWithinTheStatedError(double d, double n, double alpha, double expected)
    {
        // scipy's noncentral t power (power_analysis_reference.py); the normal approximation is documented to 1e-7.
        Assert.Equal(expected, PowerAnalysis.TTestIndPower(d, n, alpha), 1e-7);
    }

    [Theory]
    [InlineData(3.0, 2.0, 0.38740012850547967)]
    [InlineData(200.0, 1.5, 1.0)]
    public void TTestIndPower_SmallGroups_MatchesScipyNoncentralT(double d, double n, double expected)
    {
        Assert.Equal(expected, PowerAnalysis.TTestIndPower(d, n, 0.05), 1e-9);
    }

    [Theory]
    [InlineData(-1e308)]
    [InlineData(1000.5)]
    public void TTestIndSampleSize_AbsurdEffectSize_ThrowsNamingIt(double effectSize)
    {
        // Before, -1e308 threw MathNet's ArithmeticException from the noncentral t series.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.TTestIndSampleSize(effectSize, 0.05, 0.8));

        Assert.Equal("effectSize", e.ParamName);
        Assert.Contains("must not exceed 1000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TTestIndPower_AbsurdEffectSize_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PowerAnalysis.TTestIndPower(1e300, 10, 0.05));

        Assert.Equal("effectSize", e.ParamName);
    }

    [Fact]
    public void TTestIndSampleSize_TinyEffect_ThrowsForMoreThanABillionPerGroup()
    {
        var e = Assert.Throws<ArgumentException>(() => PowerAnalysis.TTestIndSampleSize(1e-5, 0.05, 0.8));

        Assert.Contains("1e9", e.Message, StringComparison.Ordinal);
    }
}
