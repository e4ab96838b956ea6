using RlCommons.Neural.Distributions;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;
using Xunit;

namespace RlCommons.Neural.Tests.Distributions;

public sealed class CategoricalDistributionTests
{
    private static readonly float[] Logits = [1f, 2f, 3f];

    [Theory]
    [InlineData(0, -2.40760596444438)]
    [InlineData(1, -1.40760596444438)]
    [InlineData(2, -0.40760596444438)]
    public void LogProbability_NoMask_MatchesLogSoftmax(int action, double expected)
        => Assert.Equal(expected, CategoricalDistribution.LogProbability(Logits, [], action), 5);

    [Fact]
    public void LogProbabilities_Masked_RenormalizesOverAllowedActions()
    {
        var logProbabilities = new float[3];
        CategoricalDistribution.LogProbabilities(Logits, [true, false, true], logProbabilities);
        Assert.Equal(-2.1269280110429727, logProbabilities[0], 5);
        Assert.Equal(float.NegativeInfinity, logProbabilities[1]);
        Assert.Equal(-0.1269280110429727, logProbabilities[2], 5);
    }

    [Fact]
    public void Entropy_NoMaskAndMasked_MatchHandComputedValues()
    {
        Assert.Equal(0.8323955818399389, CategoricalDistribution.Entropy(Logits, []), 5);
        Assert.Equal(0.36533385508720767, CategoricalDistribution.Entropy(Logits, [true, false, true]), 5);
    }

    [Fact]
    public void Sample_ManyDraws_MatchProbabilitiesAndNeverPickMasked()
    {
        var random = new Xoshiro256Random(7);
        var counts = new int[3];
        const int draws = 40_000;
        for (int i = 0; i < draws; i++)
        {
            counts[CategoricalDistribution.Sample(Logits, [true, false, true], random)]++;
        }

        Assert.Equal(0, counts[1]);
        Assert.Equal(Math.Exp(-2.1269280110429727), counts[0] / (double)draws, 2);
    }

    [Fact]
    public void Mode_Masked_ReturnsBestAllowed() => Assert.Equal(1, CategoricalDistribution.Mode(Logits, [true, true, false]));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AccumulateGradient_LogProbabilityAndEntropy_MatchesFiniteDifferences(bool masked)
    {
        var random = new Xoshiro256Random(3);
        float[] logits = GradientCheck.RandomValues(random, 5, 2.0);
        bool[] mask = masked ? [true, false, true, true, false] : [];
        const int action = 3;
        const float wLogProb = 0.7f;
        const float wEntropy = -0.3f;
        var gradient = new float[5];
        CategoricalDistribution.AccumulateGradient(logits, mask, action, wLogProb, wEntropy, gradient);
        GradientCheck.Assert(logits, gradient, () => (wLogProb * CategoricalDistribution.LogProbability(logits, mask, action)) + (wEntropy * CategoricalDistribution.Entropy(logits, mask)), "logits");
        if (masked)
        {
            Assert.Equal(0f, gradient[1]);
            Assert.Equal(0f, gradient[4]);
        }
    }

    [Fact]
    public void LogProbability_BadInput_ThrowsNamingParameter()
    {
        Assert.Equal("mask", Assert.Throws<ArgumentException>(() => CategoricalDistribution.LogProbability(Logits, [false, false, false], 0)).ParamName);
        Assert.Equal("mask", Assert.Throws<ArgumentException>(() => CategoricalDistribution.LogProbability(Logits, [true], 0)).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => CategoricalDistribution.LogProbability([], [], 0)).ParamName);
        Assert.Equal("action", Assert.Throws<ArgumentOutOfRangeException>(() => CategoricalDistribution.LogProbability(Logits, [], 3)).ParamName);
        Assert.Equal("action", Assert.Throws<ArgumentException>(() => CategoricalDistribution.AccumulateGradient(Logits, [true, false, true], 1, 1f, 0f, new float[3])).ParamName);
    }

    [Fact]
    public void EntropyAndGradient_MoreActionsThanTheStackHolds_MatchTheUniformDistribution()
    {
        // 300 equal logits: H = ln 300; ∇ log π(0) = onehot(0) − 1/300.
        var logits = new float[300];
        var gradient = new float[300];

        double entropy = CategoricalDistribution.Entropy(logits, default);
        CategoricalDistribution.AccumulateGradient(logits, default, 0, 1f, 0f, gradient);

        Assert.Equal(Math.Log(300), entropy, 12);
        Assert.Equal(1 - (1.0 / 300), gradient[0], 6);
        Assert.All(gradient[1..], g => Assert.Equal(-1.0 / 300, g, 6));
    }
}
