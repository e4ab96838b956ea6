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
}
