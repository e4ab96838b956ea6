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

    [Fact]
    public void ProbabilityBBeatsA_HugeAlphaB_UsesTheShortSumAndIsExact()
    {
        // With p_A uniform and β_B = 1, P = Σ_{i<α_B} 1/((i+1)(i+2)) = 1 − 1/(α_B+1). The α_B-term sum took over 40 s.
        Assert.Equal(1 - (1.0 / (int.MaxValue + 1.0)), BayesianAB.ProbabilityBBeatsA(1, 1, int.MaxValue, 1), 1e-15);
    }

    [Theory]
    [InlineData(10, 20, 15, 25, 0.6455514400980905)]
    [InlineData(25, 15, 20, 10, 0.6455514400980905)]
    [InlineData(15, 25, 10, 20, 1 - 0.6455514400980905)]
    public void ProbabilityBBeatsA_EachIdentity_MatchesQuadrature(int alphaA, int betaA, int alphaB, int betaB, double expected)
    {
        // scipy quadrature (bayesian_ab_reference.py); the mirrored and swapped tables take the other sums.
        Assert.Equal(expected, BayesianAB.ProbabilityBBeatsA(alphaA, betaA, alphaB, betaB), 1e-12);
    }

    [Theory]
    [InlineData(1_000_001, 2_147_483_647, 1_000_501, 2_147_483_647, 0.6381157528696763)]
    [InlineData(1_000_001, 2_000_000_000, 1_002_001, 2_000_000_000, 0.9211946424788635)]
    [InlineData(1_000_001, 1_000_001, 1_001_001, 999_001, 0.8413447158223416)]
    public void ProbabilityBBeatsA_AllParametersAboveTheExactLimit_MatchesQuadratureWithinTheStatedAccuracy(int alphaA, int betaA, int alphaB, int betaB, double expected)
    {
        // scipy quadrature (bayesian_ab_reference.py); the documented accuracy of the normal approximation is 7e-8.
        Assert.Equal(expected, BayesianAB.ProbabilityBBeatsA(alphaA, betaA, alphaB, betaB), 7e-8);
    }

    [Fact]
    public void ExpectedLossOfChoosingB_MaximalAlpha_DoesNotOverflow()
    {
        double loss = BayesianAB.ExpectedLossOfChoosingB(int.MaxValue, 1, 1, 1);

        // A is almost surely near 1 and B uniform: E[max(A − B, 0)] ≈ 1/2.
        Assert.Equal(0.5, loss, 1e-6);
    }
}
