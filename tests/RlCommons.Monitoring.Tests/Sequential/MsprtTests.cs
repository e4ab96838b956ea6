using RlCommons.Monitoring.Sequential;

namespace RlCommons.Monitoring.Tests.Sequential;

public sealed class MsprtTests
{
    // Hand-computed with Python's math module from the formula in the Msprt remarks:
    // V = 4/100 + 9/120 = 0.115, Δ̂ = 0.5, τ² = 0.25.
    private static readonly SampleSummary A = new(100, 1.0, 4.0);
    private static readonly SampleSummary B = new(120, 1.5, 9.0);

    [Fact]
    public void LikelihoodRatio_HandComputedCase_MatchesFormula()
    {
        Assert.Equal(1.1817639033866598, Msprt.LikelihoodRatio(A, B, 0.25), 1e-13);
    }

    [Fact]
    public void LikelihoodRatio_NonZeroNull_ShiftsTheEstimate()
    {
        Assert.Equal(0.7338387684445667, Msprt.LikelihoodRatio(A, B, 0.25, nullDifference: 0.2), 1e-13);
    }

    [Fact]
    public void PValueAtLook_HandComputedCase_IsInverseRatio()
    {
        Assert.Equal(0.8461927100110548, Msprt.PValueAtLook(A, B, 0.25), 1e-13);
    }

    [Fact]
    public void PValueAtLook_NoDifference_IsOne()
    {
        Assert.Equal(1.0, Msprt.PValueAtLook(A, A with { Count = 120 }, 0.25));
    }

    [Fact]
    public void LikelihoodRatio_OneObservation_ThrowsNamingArm()
    {
        var ex = Assert.Throws<ArgumentException>(() => Msprt.LikelihoodRatio(new SampleSummary(1, 0, 0), B, 1));
        Assert.Equal("control", ex.ParamName);
    }

    [Fact]
    public void LikelihoodRatio_NonPositiveMixingVariance_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Msprt.LikelihoodRatio(A, B, 0));
        Assert.Equal("mixingVariance", ex.ParamName);
    }

    [Fact]
    public void SampleSummary_From_MatchesTwoPassMoments()
    {
        // mean 4, squared deviations 9+4+1+0+36 = 50, variance 50/4.
        SampleSummary s = SampleSummary.From([1, 2, 3, 4, 10]);

        Assert.Equal(5, s.Count);
        Assert.Equal(4.0, s.Mean, 1e-15);
        Assert.Equal(12.5, s.Variance, 1e-14);
    }
}
