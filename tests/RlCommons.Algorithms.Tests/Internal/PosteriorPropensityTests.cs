using RlCommons.Algorithms.Internal;

namespace RlCommons.Algorithms.Tests.Internal;

/// <summary>The Monte Carlo propensity of a Thompson-sampling choice.</summary>
public class PosteriorPropensityTests
{
    [Fact]
    public void Estimate_NoDraws_IsNaN()
    {
        var sampler = new FixedScores([1, 2]);
        Assert.True(double.IsNaN(PosteriorPropensity.Estimate(ref sampler, [0, 1], 1, new Random(1), 0)));
    }

    [Fact]
    public void Estimate_SingleArm_IsOne()
    {
        var sampler = new FixedScores([1, 2]);
        Assert.Equal(1.0, PosteriorPropensity.Estimate(ref sampler, [1], 1, new Random(1), 50));
    }

    [Fact]
    public void Estimate_DeterministicScores_CountsOwnDrawPlusWins()
    {
        var sampler = new FixedScores([1, 2, 0]);

        // Arm 1 always wins the M extra draws: (1 + M)/(M + 1). Arm 0 never does: only its own draw, 1/(M + 1).
        Assert.Equal(1.0, PosteriorPropensity.Estimate(ref sampler, [0, 1, 2], 1, new Random(1), 9));
        Assert.Equal(0.1, PosteriorPropensity.Estimate(ref sampler, [0, 1, 2], 0, new Random(1), 9));
    }

    [Fact]
    public void Estimate_EqualNoisyArms_AboutOneOverK()
    {
        var sampler = new Uniform();
        double p = PosteriorPropensity.Estimate(ref sampler, [0, 1, 2, 3], 2, new Random(5), 20_000);

        // E = (1 + M/4)/(M + 1) ≈ 0.25; standard error ≈ 0.003.
        Assert.Equal(0.25, p, 0.015);
    }

    private readonly struct FixedScores(double[] scores) : IScoreSampler
    {
        public double Sample(int slot, Random random) => scores[slot];
    }

    private readonly struct Uniform : IScoreSampler
    {
        public double Sample(int slot, Random random) => random.NextDouble();
    }
}
