using RlCommons.Neural.Distributions;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;
using Xunit;

namespace RlCommons.Neural.Tests.Distributions;

public sealed class SquashedGaussianDistributionTests
{
    [Fact]
    public void Transform_HandComputed_MatchesActionAndLogProbability()
    {
        var action = new float[2];
        double logProbability = SquashedGaussianDistribution.Transform([0.5f, -1f], [0.2f, -0.3f], [0.3f, -1.2f], action);
        Assert.Equal(0.6995510765476919, action[0], 5);
        Assert.Equal(-0.9552841914169689, action[1], 5);
        Assert.Equal(0.6061155365810001, logProbability, 4);
    }

    [Fact]
    public void Sample_SameSeed_SameNoiseActionAndLogProbability()
    {
        float[] mean = [0.1f, 0.2f];
        float[] logStd = [0f, -1f];
        var noise = new float[2];
        var action = new float[2];
        double first = SquashedGaussianDistribution.Sample(mean, logStd, new Xoshiro256Random(9), noise, action);
        var again = new float[2];
        Assert.Equal(first, SquashedGaussianDistribution.Transform(mean, logStd, noise, again));
        Assert.Equal(action, again);
        Assert.All(action, a => Assert.InRange(a, -1f, 1f));
    }

    [Fact]
    public void Mode_IsTanhOfMean()
    {
        var action = new float[1];
        SquashedGaussianDistribution.Mode([0.5f], action);
        Assert.Equal(Math.Tanh(0.5), action[0], 6);
    }

    [Fact]
    public void AccumulateGradient_Reparameterized_MatchesFiniteDifferences()
    {
        var random = new Xoshiro256Random(13);
        float[] mean = GradientCheck.RandomValues(random, 3);
        float[] logStd = GradientCheck.RandomValues(random, 3, 0.5);
        float[] noise = GradientCheck.RandomValues(random, 3, 1.5);
        float[] g = [0.4f, -0.9f, 1.1f];
        const float w = 0.2f;
        var meanGradient = new float[3];
        var logStdGradient = new float[3];
        SquashedGaussianDistribution.AccumulateGradient(mean, logStd, noise, g, w, meanGradient, logStdGradient);
        var action = new float[3];
        double Loss()
        {
            double logProbability = SquashedGaussianDistribution.Transform(mean, logStd, noise, action);
            return (g[0] * action[0]) + (g[1] * action[1]) + (g[2] * action[2]) + (w * logProbability);
        }

        GradientCheck.Assert(mean, meanGradient, Loss, "mean");
        GradientCheck.Assert(logStd, logStdGradient, Loss, "logStd");
    }

    [Fact]
    public void Transform_BadInput_ThrowsNamingParameter()
        => Assert.Equal("noise", Assert.Throws<ArgumentException>(() => SquashedGaussianDistribution.Transform([0f], [0f], [0f, 1f], new float[1])).ParamName);
}
