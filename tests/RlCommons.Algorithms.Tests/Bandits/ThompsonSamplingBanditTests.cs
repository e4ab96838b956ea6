using RlCommons.Algorithms.Bandits;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>Beta–Bernoulli Thompson sampling: the conjugate update with fractional rewards, and greedy choice.</summary>
public class ThompsonSamplingBanditTests
{
    [Fact]
    public void Update_FractionalRewards_AddRewardToAlphaAndComplementToBeta()
    {
        var bandit = new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = 2, Seed = 1, PriorAlpha = 2, PriorBeta = 0.5 });

        bandit.Update(0, 0.25);
        bandit.Update(0, 1.0);
        bandit.Update(0, 0.0);
        bandit.Update(0, 0.5);

        (double alpha, double beta) = bandit.GetPosterior(0);
        Assert.Equal(2 + 0.25 + 1 + 0 + 0.5, alpha, 15);
        Assert.Equal(0.5 + 0.75 + 0 + 1 + 0.5, beta, 15);
        Assert.Equal((2.0, 0.5), bandit.GetPosterior(1));
    }

    [Fact]
    public void Decide_Greedy_PicksHighestPosteriorMeanWithExactPropensity()
    {
        var bandit = new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = 3, Seed = 1 });
        bandit.Update(1, 1.0);
        bandit.Update(2, 1.0);
        bandit.Update(0, 0.0);

        var scores = new double[3];
        var chosen = new HashSet<int>();
        for (int t = 0; t < 50; t++)
        {
            Decision d = bandit.Decide(scores, explore: false);
            Assert.Equal([1.0 / 3, 2.0 / 3, 2.0 / 3], scores);
            Assert.Equal(0.5, d.Propensity);
            Assert.False(d.Explored);
            chosen.Add(d.Action);
        }

        Assert.Equal([1, 2], chosen.Order());
    }

    [Fact]
    public void Decide_Explore_ScoresArePosteriorSamplesInUnitInterval()
    {
        var bandit = new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = 2, Seed = 4 });
        var scores = new double[2];
        double sum = 0;
        for (int t = 0; t < 2000; t++)
        {
            Decision d = bandit.Decide(scores);
            Assert.All(scores, s => Assert.InRange(s, 0, 1));
            Assert.Equal(scores.Max(), d.Score);
            sum += scores[0];
        }

        // Beta(1, 1) samples average 1/2 (standard error ≈ 0.0065).
        Assert.Equal(0.5, sum / 2000, 0.03);
    }

    [Fact]
    public void Decide_NoPropensityDraws_ReportsNaN()
    {
        var bandit = new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = 2, Seed = 4, PropensityDraws = 0 });
        Assert.True(double.IsNaN(bandit.Decide().Propensity));
        Assert.Equal(0.5, bandit.Decide(explore: false).Propensity);
    }
}
