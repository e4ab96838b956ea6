using RlCommons.Algorithms.Bandits;
using RlCommons.Schedules;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>ε-greedy value updates (Sutton &amp; Barto §2.4–2.5) and its exact propensities.</summary>
public class EpsilonGreedyBanditTests
{
    [Fact]
    public void Update_SampleAverage_ValueIsExactRunningMean()
    {
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 2, Seed = 1 });

        double[] expected = [1.0, 0.5, 0.5, 0.4375];
        double[] rewards = [1.0, 0.0, 0.5, 0.25];
        for (int i = 0; i < rewards.Length; i++)
        {
            bandit.Update(0, rewards[i]);
            Assert.Equal(expected[i], GreedyScores(bandit)[0]);
        }

        Assert.Equal(0.0, GreedyScores(bandit)[1]);
        Assert.Equal(4, bandit.GetArmStatistics()[0].Pulls);
        Assert.Equal(0.4375, bandit.GetArmStatistics()[0].MeanReward);
    }

    [Fact]
    public void Update_ConstantStepSize_ExponentialRecencyWeightedAverage()
    {
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 2, Seed = 1, StepSize = 0.5, InitialValue = 2 });

        // Q ← Q + α(r − Q): 2 → 1 → 0.5 → 0.75 → 0.875.
        double[] rewards = [0.0, 0.0, 1.0, 1.0];
        double[] expected = [1.0, 0.5, 0.75, 0.875];
        for (int i = 0; i < rewards.Length; i++)
        {
            bandit.Update(0, rewards[i]);
            Assert.Equal(expected[i], GreedyScores(bandit)[0]);
        }

        Assert.Equal(2.0, GreedyScores(bandit)[1]);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Decide_OneGreedyArm_PropensityIsExact(double epsilon)
    {
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 4, Seed = 3, Epsilon = epsilon });
        bandit.Update(1, 1.0);

        for (int t = 0; t < 400; t++)
        {
            Decision d = bandit.Decide();
            double expected = d.Action == 1 ? (epsilon / 4) + (1 - epsilon) : epsilon / 4;
            Assert.Equal(expected, d.Propensity, 15);
            Assert.Equal(d.Action != 1, d.Explored);
        }
    }

    [Fact]
    public void Decide_TwoTiedGreedyArms_PropensityShareTheGreedyMass()
    {
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 4, Seed = 3, Epsilon = 0.3 });
        bandit.Update(1, 1.0);
        bandit.Update(2, 1.0);

        var seen = new HashSet<int>();
        for (int t = 0; t < 400; t++)
        {
            Decision d = bandit.Decide();
            seen.Add(d.Action);
            double expected = d.Action is 1 or 2 ? 0.075 + 0.35 : 0.075;
            Assert.Equal(expected, d.Propensity, 15);
        }

        Assert.Equal(4, seen.Count);
    }

    [Fact]
    public void Decide_GreedyWithTies_ReportsOneOverTies()
    {
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 3, Seed = 3, Epsilon = 0.5 });
        var chosen = new HashSet<int>();
        for (int t = 0; t < 100; t++)
        {
            Decision d = bandit.Decide(explore: false);
            Assert.Equal(1.0 / 3, d.Propensity, 15);
            Assert.False(d.Explored);
            chosen.Add(d.Action);
        }

        Assert.Equal(3, chosen.Count);
        bandit.Update(2, 0.5);
        Decision greedy = bandit.Decide(explore: false);
        Assert.Equal(2, greedy.Action);
        Assert.Equal(1.0, greedy.Propensity);
    }

    [Fact]
    public void CurrentEpsilon_WithSchedule_FollowsDecisionCountAndIsUsedInPropensity()
    {
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 2, Seed = 3, EpsilonSchedule = Schedule.Linear(1.0, 0.0, 10) });
        bandit.Update(0, 1.0);

        for (int t = 0; t < 12; t++)
        {
            double epsilon = bandit.CurrentEpsilon;
            Assert.Equal(Math.Max(0, 1.0 - (t / 10.0)), epsilon, 12);
            Decision d = bandit.Decide();
            double expected = d.Action == 0 ? (epsilon / 2) + (1 - epsilon) : epsilon / 2;
            Assert.Equal(expected, d.Propensity, 12);
        }
    }

    private static double[] GreedyScores(MultiArmedBandit bandit)
    {
        var scores = new double[bandit.ArmSlotCount];
        bandit.Decide(scores, explore: false);
        return scores;
    }
}
