using RlCommons.Algorithms.Bandits;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>Many threads updating and deciding on one bandit lose no update (no timing assertions).</summary>
public class MultiArmedBanditConcurrencyTests
{
    [Fact]
    public void Update_EightThreadsTimesHundredThousandMixedWithDecisions_LosesNothing()
    {
        const int threads = 8;
        const int perThread = 100_000;
        const int arms = 5;
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = arms, Seed = 1 });
        var pulls = new long[threads, arms];
        var sums = new long[threads, arms];
        var decisions = new long[threads];

        var workers = Enumerable.Range(0, threads).Select(id => new Thread(() =>
        {
            var rng = new Random(1000 + id);
            for (int i = 0; i < perThread; i++)
            {
                int arm;
                if (i % 4 == 0)
                {
                    arm = bandit.Decide().Action;
                    decisions[id]++;
                }
                else
                {
                    arm = rng.Next(arms);
                }

                // Integer rewards keep the sums exact whatever the order in which threads apply them.
                int reward = rng.Next(0, 3);
                bandit.Update(arm, reward);
                pulls[id, arm]++;
                sums[id, arm] += reward;
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Equal(threads * perThread, bandit.UpdateCount);
        Assert.Equal(decisions.Sum(), bandit.DecisionCount);
        var scores = new double[arms];
        bandit.Decide(scores, explore: false);
        IReadOnlyList<ArmStatistics> stats = bandit.GetArmStatistics();
        for (int arm = 0; arm < arms; arm++)
        {
            long n = Enumerable.Range(0, threads).Sum(t => pulls[t, arm]);
            long s = Enumerable.Range(0, threads).Sum(t => sums[t, arm]);
            Assert.Equal(n, stats[arm].Pulls);
            Assert.Equal((double)s / n, stats[arm].MeanReward);

            // The incremental sample average equals the exact mean up to rounding.
            Assert.Equal((double)s / n, scores[arm], 1e-9);
        }

        Assert.Equal(threads * perThread, stats.Sum(s => s.Pulls));
    }
}
