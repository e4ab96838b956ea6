using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Tests.Statistics;

public sealed class EffectSizeTests
{
    [Fact]
    public void CohensD_UnitVarianceSamples_IsTheMeanDifference()
    {
        Assert.Equal(-3, EffectSize.CohensD([1, 2, 3], [4, 5, 6]), 1e-15);
    }

    [Fact]
    public void CohensD_UnequalSizes_UsesDegreesOfFreedomPooledVariance()
    {
        // var(a) = 1 (n 3), var(b) = 4 (n 3): pooled (2·1 + 2·4) / 4 = 2.5.
        Assert.Equal(-3 / Math.Sqrt(2.5), EffectSize.CohensD([1, 2, 3], [3, 5, 7]), 1e-15);
    }

    [Fact]
    public void CohensH_HalfToOne_IsHalfPi()
    {
        Assert.Equal(Math.PI / 2, EffectSize.CohensH(0.5, 1), 1e-15);
    }

    [Fact]
    public void CohensH_ProportionAboveOne_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => EffectSize.CohensH(0.5, 1.2));

        Assert.Equal("treatment", e.ParamName);
    }
}
