using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Tests.Statistics;

public sealed class SampleRatioMismatchTests
{
    [Fact]
    public void Check_SmallImbalance_IsNotFlagged()
    {
        // E = 5100 each, χ² = 2·100²/5100; with 1 df the upper tail is erfc(√(χ²/2)).
        SampleRatioMismatchResult r = SampleRatioMismatch.Check([5000, 5200], [1, 1]);

        double chi2 = 2 * 100.0 * 100 / 5100;
        Assert.Equal(chi2, r.Statistic, 1e-12);
        Assert.Equal(1, r.DegreesOfFreedom);
        Assert.Equal(SpecialFunctions.Erfc(Math.Sqrt(chi2 / 2)), r.PValue, 1e-15);
        Assert.Equal(1 - ChiSquared.CDF(1, chi2), r.PValue, 1e-12);
        Assert.Equal([5100.0, 5100.0], r.Expected);
        Assert.False(r.IsMismatch);
    }

    [Fact]
    public void Check_LargeImbalance_IsFlaggedBelowOnePerMille()
    {
        SampleRatioMismatchResult r = SampleRatioMismatch.Check([5000, 5400], [0.5, 0.5]);

        double chi2 = 2 * 200.0 * 200 / 5200;
        Assert.Equal(chi2, r.Statistic, 1e-12);
        Assert.Equal(SpecialFunctions.Erfc(Math.Sqrt(chi2 / 2)), r.PValue, 1e-17);
        Assert.True(r.PValue < 0.001);
        Assert.True(r.IsMismatch);
    }

    [Fact]
    public void Check_ThreeVariants_UsesTwoDegreesOfFreedom()
    {
        // E = 100/3 each; deviations 20/3, -10/3, -10/3 give χ² = 2, and with 2 df p = e^{-χ²/2}.
        SampleRatioMismatchResult r = SampleRatioMismatch.Check([40, 30, 30], [1, 1, 1]);

        Assert.Equal(2, r.Statistic, 1e-13);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-1), r.PValue, 1e-14);
    }

    [Fact]
    public void Check_UnequalPlanMatchedExactly_HasPValueOne()
    {
        SampleRatioMismatchResult r = SampleRatioMismatch.Check([500, 300, 200], [0.5, 0.3, 0.2]);

        Assert.Equal(0, r.Statistic, 1e-12);
        Assert.Equal(1, r.PValue, 1e-12);
        Assert.False(r.IsMismatch);
    }

    [Fact]
    public void Check_UnequalPlanIgnored_IsFlagged()
    {
        // A 90/10 plan that delivered 50/50.
        SampleRatioMismatchResult r = SampleRatioMismatch.Check([500, 500], [9, 1]);

        Assert.Equal((400.0 * 400 / 900) + (400.0 * 400 / 100), r.Statistic, 1e-10);
        Assert.True(r.IsMismatch);
    }

    [Fact]
    public void Check_ZeroWeightVariantWithUnits_ThrowsNamingObserved()
    {
        var e = Assert.Throws<ArgumentException>(() => SampleRatioMismatch.Check([10, 1], [1, 0]));

        Assert.Equal("observed", e.ParamName);
        Assert.Contains("weight 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LengthMismatch_ThrowsNamingWeights()
    {
        var e = Assert.Throws<ArgumentException>(() => SampleRatioMismatch.Check([10, 1], [1, 1, 1]));

        Assert.Equal("plannedWeights", e.ParamName);
    }

    [Fact]
    public void Check_NegativeCount_ThrowsNamingObserved()
    {
        var e = Assert.Throws<ArgumentException>(() => SampleRatioMismatch.Check([10, -1], [1, 1]));

        Assert.Equal("observed", e.ParamName);
    }

    [Theory]
    [InlineData(1e-320)]
    [InlineData(1e-10)]
    public void Check_WeightBelowTheMinimumShare_ThrowsNamingWeights(double weight)
    {
        // Before the check, weight 1e-320 gave a NaN p-value.
        var e = Assert.Throws<ArgumentException>(() => SampleRatioMismatch.Check([10, 0], [1, weight]));

        Assert.Equal("plannedWeights", e.ParamName);
        Assert.Contains("Variant 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("below the minimum 1E-09", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WeightSumOverflows_ThrowsNamingWeights()
    {
        var e = Assert.Throws<ArgumentException>(() => SampleRatioMismatch.Check([10, 10], [double.MaxValue, double.MaxValue]));

        Assert.Equal("plannedWeights", e.ParamName);
    }
}
