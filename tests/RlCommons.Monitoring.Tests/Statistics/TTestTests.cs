using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Tests.Statistics;

public sealed class TTestTests
{
    [Fact]
    public void Welch_UnequalVariances_GivesSatterthwaiteDegreesOfFreedom()
    {
        // var(a)/4 = 5/12, var(b)/4 = 5/3: t = -2.5 / √(25/12) = -√3, df = (25/12)² / (25/432 + 400/432) = 75/17.
        TTestResult r = TTest.Welch([1, 2, 3, 4], [2, 4, 6, 8]);

        Assert.Equal(-Math.Sqrt(3), r.Statistic, 1e-14);
        Assert.Equal(75.0 / 17, r.DegreesOfFreedom, 1e-13);
        Assert.Equal(-2.5, r.MeanDifference, 1e-15);
    }

    [Fact]
    public void Student_TwoDegreesOfFreedom_MatchesClosedFormPValue()
    {
        // Pooled variance 2, se = √2, t = -5/√2; with 2 df the two-sided p is 1 - |t|/√(2 + t²).
        TTestResult r = TTest.Student([0, 2], [5, 7]);

        Assert.Equal(-5 / Math.Sqrt(2), r.Statistic, 1e-14);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(1 - Math.Sqrt(12.5 / 14.5), r.PValue, 1e-14);
    }

    [Fact]
    public void Welch_ScipyReferenceRow_MatchesStatisticDfAndPValue()
    {
        // Line 1 of tests/reference/stats-scipy.jsonl (scipy.stats.ttest_ind(a, b, equal_var=False)).
        double[] a = [2.3271, -5.2029, -3.5132, 0.2107, -0.9458, -0.166, -2.3436, 2.1678];
        double[] b = [3.1112, 1.7899, -0.8675, 1.5921, -1.0669, 2.6129, 0.7535, 0.4833, -0.5103, 3.3021, 0.544, -0.0043, 0.1483, 1.9197, 1.5854, 1.6802, 1.7164, 5.1429, 0.0396, -0.1724, -0.7763, 2.0872, 3.1147, 0.6253, -0.8292, -0.7978, 2.1566, 2.3421, 1.9414, -0.4794, 1.3185, 1.0872, 1.2915, 2.5988, 1.3014, 2.2133, 0.9889, 1.4326, 2.1179, -2.0649, 0.2133, -0.0885, -0.426, 0.3025, 3.8476, -0.8806, 2.7928];

        TTestResult r = TTest.Welch(a, b);

        Assert.Equal(-2.106008341537868, r.Statistic, 1e-12);
        Assert.Equal(7.778848154781894, r.DegreesOfFreedom, 1e-12);
        Assert.Equal(0.0692738399395379, r.PValue, 1e-13);
    }

    [Fact]
    public void Welch_TwoDegreesOfFreedom_IntervalUsesExactTQuantile()
    {
        // df = 2 here, and t(2) has the closed-form central quantile c·√(2 / (1 - c²)) = √(2/(1 - c²) - 2) for level c.
        TTestResult r = TTest.Welch([0, 2], [5, 7], confidence: 0.95);
        double quantile = Math.Sqrt((2 / (1 - (0.95 * 0.95))) - 2);

        Assert.Equal(-5 - (quantile * Math.Sqrt(2)), r.Interval.Low, 1e-12);
        Assert.Equal(-5 + (quantile * Math.Sqrt(2)), r.Interval.High, 1e-12);
        Assert.Equal(0.95, r.Interval.Confidence);
    }

    [Fact]
    public void MeanInterval_TwoObservations_UsesCauchyQuantile()
    {
        // n = 2: mean 2, sem 1, and t(1) is the Cauchy distribution with quantile tan(π(p - 1/2)).
        ConfidenceInterval ci = TTest.MeanInterval([1, 3], 0.95);
        double quantile = Math.Tan(Math.PI * 0.475);

        Assert.Equal(2 - quantile, ci.Low, 1e-11);
        Assert.Equal(2 + quantile, ci.High, 1e-11);
    }

    [Fact]
    public void Welch_SampleWithNaN_ThrowsNamingTheSample()
    {
        var e = Assert.Throws<ArgumentException>(() => TTest.Welch([1, 2], [1, double.NaN]));

        Assert.Equal("b", e.ParamName);
        Assert.Contains("finite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Welch_SingleObservation_ThrowsTooFewSamples()
    {
        var e = Assert.Throws<ArgumentException>(() => TTest.Welch([1], [1, 2]));

        Assert.Equal("a", e.ParamName);
        Assert.Contains("At least 2 observations", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Student_ConfidenceOutsideUnitInterval_Throws(double confidence)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TTest.Student([1, 2], [3, 4], confidence));

        Assert.Equal("confidence", e.ParamName);
    }

    [Fact]
    public void MeanInterval_SingleObservation_ThrowsNamingTheSample()
    {
        var e = Assert.Throws<ArgumentException>(() => TTest.MeanInterval([1.0]));

        Assert.Equal("sample", e.ParamName);
    }

    [Fact]
    public void Welch_ConstantSamplesWithDifferentMeans_GivesInfiniteStatisticAndZeroPValue()
    {
        // scipy.stats.ttest_ind([1, 1, 1], [2, 2], equal_var=False) = (-inf, 0.0).
        TTestResult r = TTest.Welch([1, 1, 1], [2, 2]);

        Assert.Equal(double.NegativeInfinity, r.Statistic);
        Assert.Equal(0, r.PValue);
        Assert.True(double.IsNaN(r.DegreesOfFreedom));
        Assert.Equal(-1, r.MeanDifference);
        Assert.Equal(new ConfidenceInterval(-1, -1, 0.95), r.Interval);
    }

    [Fact]
    public void Welch_IdenticalConstantSamples_GivesNaNStatisticAndPValue()
    {
        // scipy.stats.ttest_ind([1, 1, 1], [1, 1], equal_var=False) = (nan, nan).
        TTestResult r = TTest.Welch([1, 1, 1], [1, 1]);

        Assert.True(double.IsNaN(r.Statistic));
        Assert.True(double.IsNaN(r.PValue));
        Assert.Equal(0, r.MeanDifference);
    }

    [Theory]
    [InlineData(1e154)]
    [InlineData(1e300)]
    public void Welch_HugeMagnitudes_GivesTheSameStatisticAsTheUnscaledSample(double scale)
    {
        // t and df do not depend on the unit; before scaling, the variance overflowed to infinity and Welch threw.
        TTestResult small = TTest.Welch([1, 2, 3], [1, 1.5]);
        TTestResult huge = TTest.Welch([1 * scale, 2 * scale, 3 * scale], [1 * scale, 1.5 * scale]);

        Assert.Equal(small.Statistic, huge.Statistic, 1e-12);
        Assert.Equal(small.DegreesOfFreedom, huge.DegreesOfFreedom, 1e-9);
        Assert.Equal(small.PValue, huge.PValue, 1e-12);
        Assert.Equal(small.MeanDifference * scale, huge.MeanDifference, Math.Abs(huge.MeanDifference) * 1e-12);
    }

    [Fact]
    public void Student_HugeMagnitudes_GivesTheSameStatisticAsTheUnscaledSample()
    {
        double scale = Math.ScaleB(1, 1000);
        TTestResult small = TTest.Student([1, 2, 3], [1, 1.5]);
        TTestResult huge = TTest.Student([1 * scale, 2 * scale, 3 * scale], [1 * scale, 1.5 * scale]);

        Assert.Equal(small.Statistic, huge.Statistic);
        Assert.Equal(small.PValue, huge.PValue);
        Assert.Equal(small.Interval.High * scale, huge.Interval.High);
    }
}
