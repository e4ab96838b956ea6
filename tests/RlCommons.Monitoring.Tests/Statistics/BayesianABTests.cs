using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Tests.Statistics;

public sealed class BayesianABTests
{
    [Fact]
    public void ProbabilityBBeatsA_IdenticalPosteriors_IsHalf()
    {
        Assert.Equal(0.5, BayesianAB.ProbabilityBBeatsA(7, 3, 7, 3), 1e-14);
    }

    [Fact]
    public void ProbabilityBBeatsA_UniformAgainstBetaTwoOne_IsTwoThirds()
    {
        // P(p_B > p_A) with p_A uniform is E[p_B] = 2/3.
        Assert.Equal(2.0 / 3, BayesianAB.ProbabilityBBeatsA(1, 1, 2, 1), 1e-15);
    }

    [Fact]
    public void ProbabilityBBeatsA_TinyProbability_MatchesExactRationalValue()
    {
        // Exact value from rational arithmetic with factorials (Python fractions): 1.1495213009267863e-57.
        double p = BayesianAB.ProbabilityBBeatsA(270, 2, 229, 228);

        Assert.Equal(1.1495213009267863e-57, p, 1e-9 * 1.1495213009267863e-57);
    }

    [Fact]
    public void ExpectedLossOfChoosingB_TwoUniforms_IsOneSixth()
    {
        // E[max(A - B, 0)] for independent uniforms.
        Assert.Equal(1.0 / 6, BayesianAB.ExpectedLossOfChoosingB(1, 1, 1, 1), 1e-14);
    }

    [Fact]
    public void ExpectedLossOfChoosingB_ClearlyBetterB_IsSmallerThanChoosingA()
    {
        double lossB = BayesianAB.ExpectedLossOfChoosingB(20, 80, 40, 60);
        double lossA = BayesianAB.ExpectedLossOfChoosingB(40, 60, 20, 80);

        Assert.InRange(lossB, 0, 1e-4);
        Assert.InRange(lossA, 0.19, 0.21);
    }

    [Fact]
    public void ProbabilityBBeatsA_ZeroAlpha_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BayesianAB.ProbabilityBBeatsA(1, 1, 0, 1));

        Assert.Equal("alphaB", e.ParamName);
    }
}
