using MathNet.Numerics.Distributions;
using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Tests.Statistics;

public sealed class NoncentralTTests
{
    [Theory]
    [InlineData(-2.5, 3.0)]
    [InlineData(0.7, 10.0)]
    [InlineData(3.1, 40.0)]
    public void Cdf_ZeroNoncentrality_EqualsStudentT(double t, double df)
    {
        Assert.Equal(StudentT.CDF(0, 1, df, t), NoncentralT.Cdf(t, df, 0), 1e-14);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-4.0)]
    public void Cdf_AtZero_IsNormalTailOfMinusDelta(double delta)
    {
        // P(T ≤ 0) = P(Z + δ ≤ 0) whatever the degrees of freedom.
        Assert.Equal(Normal.CDF(0, 1, -delta), NoncentralT.Cdf(0, 7, delta), 1e-15);
    }

    [Fact]
    public void Cdf_ManyDegreesOfFreedom_ApproachesShiftedNormal()
    {
        // With df = 1e6 the denominator χ²/df is 1 within ~1e-3, so the CDF is Φ(t - δ) to about 1e-4.
        Assert.Equal(Normal.CDF(0, 1, 2.2 - 1.5), NoncentralT.Cdf(2.2, 1e6, 1.5), 1e-4);
    }

    [Fact]
    public void Cdf_LargeNoncentrality_StaysWithinUnitIntervalAndMonotone()
    {
        double previous = 0;
        for (double t = 0; t <= 20; t += 0.5)
        {
            double cdf = NoncentralT.Cdf(t, 60, 9);
            Assert.InRange(cdf, previous, 1);
            previous = cdf;
        }

        Assert.True(previous > 0.999999, $"F(20) = {previous}");
    }
}
