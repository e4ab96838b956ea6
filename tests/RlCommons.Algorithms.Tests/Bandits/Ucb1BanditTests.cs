using RlCommons.Algorithms.Bandits;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>UCB1 scores mean + c·sqrt(ln t / n) (Auer et al. 2002) and its untried-arms-first rule.</summary>
public class Ucb1BanditTests
{
    [Fact]
    public void Decide_AfterUpdates_ScoresAreMeanPlusExplorationBonus()
    {
        const double c = 1.5;
        var bandit = new Ucb1Bandit(new Ucb1Options { ArmCount = 3, Seed = 1, Exploration = c });
        bandit.Update(0, 1.0);
        bandit.Update(0, 0.0);
        bandit.Update(1, 0.75);
        bandit.Update(2, 0.25);
        bandit.Update(2, 0.5);
        bandit.Update(2, 0.0);

        var scores = new double[3];
        Decision d = bandit.Decide(scores);

        double t = 6;
        double[] expected =
        [
            0.5 + (c * Math.Sqrt(Math.Log(t) / 2)),
            0.75 + (c * Math.Sqrt(Math.Log(t) / 1)),
            0.25 + (c * Math.Sqrt(Math.Log(t) / 3)),
        ];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], scores[i], 1e-12);
        }

        Assert.Equal(1, d.Action);
        Assert.Equal(1.0, d.Propensity);
        Assert.Equal(scores[1], d.Score);
        Assert.False(d.Explored);
    }

    [Fact]
    public void Decide_GreedyMode_ScoresAreMeansAndBestMeanWins()
    {
        var bandit = new Ucb1Bandit(new Ucb1Options { ArmCount = 3, Seed = 1 });
        bandit.Update(0, 1.0);
        bandit.Update(1, 0.75);
        bandit.Update(2, 0.25);

        var scores = new double[3];
        Decision d = bandit.Decide(scores, explore: false);

        Assert.Equal([1.0, 0.75, 0.25], scores);
        Assert.Equal(0, d.Action);
        Assert.False(d.Explored);
    }

    [Fact]
    public void Decide_UntriedArms_ChosenFirstWithPropensityOneOverUntried()
    {
        var bandit = new Ucb1Bandit(new Ucb1Options { ArmCount = 4, Seed = 9 });
        bandit.Update(0, 1.0);
        bandit.Update(0, 1.0);

        var counts = new int[4];
        var scores = new double[4];
        for (int t = 0; t < 300; t++)
        {
            Decision d = bandit.Decide(scores);
            Assert.NotEqual(0, d.Action);
            Assert.Equal(1.0 / 3, d.Propensity, 15);
            Assert.Equal(double.PositiveInfinity, scores[d.Action]);
            counts[d.Action]++;
        }

        Assert.All(counts.Skip(1), c => Assert.InRange(c, 60, 140));

        // Once every arm but one is tried, the untried one is certain.
        bandit.Update(1, 0);
        bandit.Update(2, 0);
        Decision last = bandit.Decide();
        Assert.Equal(3, last.Action);
        Assert.Equal(1.0, last.Propensity);
    }

    [Fact]
    public void Decide_SingleUpdate_LogOfOneGivesZeroBonus()
    {
        var bandit = new Ucb1Bandit(new Ucb1Options { ArmCount = 1, Seed = 1 });
        bandit.Update(0, 0.4);
        var scores = new double[1];
        bandit.Decide(scores);
        Assert.Equal(0.4, scores[0]);
    }
}
