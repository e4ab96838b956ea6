using RlCommons.Bandits;
using RlCommons.Contextual;

namespace RlCommons.Algorithms.Tests;

public class SmokeTests
{
    [Fact]
    public void EpsilonGreedy_LearnsBestArm()
    {
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 3, Seed = 1 });
        var rng = new Random(5);
        double[] p = [0.2, 0.5, 0.8];
        for (int t = 0; t < 5000; t++)
        {
            var d = bandit.Decide();
            bandit.Update(d, rng.NextDouble() < p[d.Action] ? 1 : 0);
        }

        Assert.Equal(2, bandit.Decide(explore: false).Action);
    }

    [Fact]
    public void LinUcb_LearnsLinearRewards()
    {
        var bandit = new LinUcbBandit(new LinUcbOptions { ArmCount = 2, Dimension = 2, Alpha = 0.5, Seed = 3 });
        var rng = new Random(7);
        for (int t = 0; t < 2000; t++)
        {
            float c = (float)rng.NextDouble();
            float[] x = [c, 1f];
            var d = bandit.Decide(x);
            double r = d.Action == 0 ? c : 1 - c;
            bandit.Update(d.Action, x, r);
        }

        Assert.Equal(0, bandit.Decide([0.9f, 1f], explore: false).Action);
        Assert.Equal(1, bandit.Decide([0.1f, 1f], explore: false).Action);
    }
}
