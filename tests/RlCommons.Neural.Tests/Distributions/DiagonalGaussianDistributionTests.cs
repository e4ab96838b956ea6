using RlCommons.Neural.Distributions;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;
using Xunit;

namespace RlCommons.Neural.Tests.Distributions;

public sealed class DiagonalGaussianDistributionTests
{
    private static readonly float[] Mean = [0.5f, -1f];
    private static readonly float[] LogStd = [0.2f, -0.3f];

    [Fact]
    public void LogProbability_HandComputed_Matches()
        => Assert.Equal(-2.7327264723590545, DiagonalGaussianDistribution.LogProbability(Mean, LogStd, [1f, 0f]), 5);

    [Fact]
    public void Entropy_HandComputed_Matches()
        => Assert.Equal(2.7378770664093453, DiagonalGaussianDistribution.Entropy(LogStd), 5);

    [Fact]
    public void CreateLogStd_InitialValue_FillsEveryComponent()
    {
        var parameter = DiagonalGaussianDistribution.CreateLogStd(3, -0.5);
        Assert.Equal("log_std", parameter.Name);
        Assert.Equal([-0.5f, -0.5f, -0.5f], parameter.Values.ToArray());
    }

    [Fact]
    public void Sample_ManyDraws_MatchMeanAndStd()
    {
        var random = new Xoshiro256Random(11);
        var action = new float[2];
        double sum = 0;
        double squares = 0;
        const int draws = 40_000;
        for (int i = 0; i < draws; i++)
        {
            DiagonalGaussianDistribution.Sample(Mean, LogStd, random, action);
            sum += action[1];
            squares += action[1] * action[1];
        }

        double mean = sum / draws;
        Assert.Equal(-1.0, mean, 1);
        Assert.Equal(Math.Exp(-0.3), Math.Sqrt((squares / draws) - (mean * mean)), 2);
    }

    [Fact]
    public void AccumulateGradient_MeanAndLogStd_MatchFiniteDifferences()
    {
        var random = new Xoshiro256Random(5);
        float[] mean = GradientCheck.RandomValues(random, 3);
        float[] logStd = GradientCheck.RandomValues(random, 3, 0.5);
        float[] action = GradientCheck.RandomValues(random, 3, 2.0);
        const float w = -1.3f;
        const float wEntropy = 0.01f;
        var meanGradient = new float[3];
        var logStdGradient = new float[3];
        DiagonalGaussianDistribution.AccumulateGradient(mean, logStd, action, w, wEntropy, meanGradient, logStdGradient);
        double Loss() => (w * DiagonalGaussianDistribution.LogProbability(mean, logStd, action)) + (wEntropy * DiagonalGaussianDistribution.Entropy(logStd));
        GradientCheck.Assert(mean, meanGradient, Loss, "mean");
        GradientCheck.Assert(logStd, logStdGradient, Loss, "logStd");
    }

    [Fact]
    public void LogProbability_BadInput_ThrowsNamingParameter()
    {
        Assert.Equal("logStd", Assert.Throws<ArgumentException>(() => DiagonalGaussianDistribution.LogProbability(Mean, [0f], [0f, 0f])).ParamName);
        Assert.Equal("action", Assert.Throws<ArgumentException>(() => DiagonalGaussianDistribution.LogProbability(Mean, LogStd, [0f])).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => DiagonalGaussianDistribution.CreateLogStd(0)).ParamName);
    }
}
