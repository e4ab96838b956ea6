using RlCommons.Algorithms.Bandits;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>Gaussian Thompson sampling: the Normal–Normal conjugate posterior.</summary>
public class GaussianThompsonSamplingBanditTests
{
    [Fact]
    public void Update_Rewards_PosteriorMeanAndStdDevFollowConjugateFormula()
    {
        var bandit = new GaussianThompsonSamplingBandit(new GaussianThompsonSamplingOptions
        {
            ArmCount = 2, Seed = 1, PriorMean = 0.5, PriorVariance = 2, NoiseVariance = 0.25,
        });

        bandit.Update(0, 1.0);
        bandit.Update(0, 2.0);
        bandit.Update(0, 0.5);

        // λ = 1/σ₀² + n/σ² = 0.5 + 3·4 = 12.5; μ = (μ₀/σ₀² + S/σ²)/λ = (0.25 + 3.5·4)/12.5 = 1.14.
        (double mean, double sd) = bandit.GetPosterior(0);
        Assert.Equal(1.14, mean, 1e-14);
        Assert.Equal(Math.Sqrt(1 / 12.5), sd, 1e-15);
        Assert.Equal((0.5, Math.Sqrt(2)), bandit.GetPosterior(1));
    }

    [Fact]
    public void Decide_Greedy_ScoresArePosteriorMeans()
    {
        var bandit = new GaussianThompsonSamplingBandit(new GaussianThompsonSamplingOptions { ArmCount = 2, Seed = 1 });
        bandit.Update(1, 3.0);

        var scores = new double[2];
        Decision d = bandit.Decide(scores, explore: false);

        Assert.Equal(0.0, scores[0]);
        Assert.Equal(1.5, scores[1], 15);
        Assert.Equal(1, d.Action);
        Assert.Equal(1.0, d.Propensity);
    }

    [Fact]
    public void Decide_Explore_SampleMomentsMatchPosterior()
    {
        var bandit = new GaussianThompsonSamplingBandit(new GaussianThompsonSamplingOptions { ArmCount = 1, Seed = 2, PriorVariance = 4, NoiseVariance = 1 });
        bandit.Update(0, 2.0);
        (double mean, double sd) = bandit.GetPosterior(0);

        var scores = new double[1];
        var samples = new double[20_000];
        for (int t = 0; t < samples.Length; t++)
        {
            bandit.Decide(scores);
            samples[t] = scores[0];
        }

        double m = samples.Average();
        double v = samples.Select(s => (s - m) * (s - m)).Sum() / (samples.Length - 1);
        Assert.Equal(mean, m, 4 * sd / Math.Sqrt(samples.Length));
        Assert.Equal(sd * sd, v, 0.05 * sd * sd);
    }
}
