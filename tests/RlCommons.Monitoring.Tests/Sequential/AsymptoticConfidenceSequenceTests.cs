using RlCommons.Monitoring.Sequential;

namespace RlCommons.Monitoring.Tests.Sequential;

public sealed class AsymptoticConfidenceSequenceTests
{
    [Fact]
    public void RhoSquared_GrowthBookDefaults_MatchesHandValue()
    {
        // l = -2 ln 0.05; (l + ln(l + 1)) / 5000, with Python's math module.
        Assert.Equal(0.001587230920347513, AsymptoticConfidenceSequence.RhoSquared(0.05), 1e-17);
    }

    [Fact]
    public void StandardMargin_HandComputedCase_MatchesFormula()
    {
        double rho2 = AsymptoticConfidenceSequence.RhoSquared(0.05);

        Assert.Equal(0.3323936658498771, AsymptoticConfidenceSequence.StandardMargin(220, rho2, 0.05), 1e-14);
    }

    [Fact]
    public void DifferenceInMeans_HandComputedCase_MatchesFormula()
    {
        // σ̂ = sqrt(220 · (4/100 + 9/120)); half-width σ̂ · 0.3323936658498771 around Δ̂ = 0.5.
        var interval = AsymptoticConfidenceSequence.DifferenceInMeans(new SampleSummary(100, 1.0, 4.0), new SampleSummary(120, 1.5, 9.0));

        Assert.Equal(-1.1719104019525477, interval.Low, 1e-12);
        Assert.Equal(2.1719104019525477, interval.High, 1e-12);
        Assert.Equal(0.95, interval.Confidence);
    }

    [Fact]
    public void StandardMargin_AtTuningSize_IsWiderThanFixedSampleInterval()
    {
        // The price of anytime validity: wider than the z interval (1.96 / sqrt(N)) at every N.
        double rho2 = AsymptoticConfidenceSequence.RhoSquared(0.05);
        foreach (double n in new[] { 10.0, 1000, 5000, 100_000 })
        {
            Assert.True(AsymptoticConfidenceSequence.StandardMargin(n, rho2, 0.05) > 1.959963984540054 / Math.Sqrt(n));
        }
    }

    [Fact]
    public void RhoSquared_AlphaOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => AsymptoticConfidenceSequence.RhoSquared(1.0));
        Assert.Equal("alpha", ex.ParamName);
    }
}
