using RlCommons.Algorithms.Contextual;

namespace RlCommons.Algorithms.Tests.Contextual;

/// <summary>ε-greedy over ridge predictions: exact propensities ε/K + (1 − ε)/|G| and ε/K.</summary>
public class LinearEpsilonGreedyBanditTests
{
    [Fact]
    public void Decide_AfterUpdates_PropensityExactFromPredictions()
    {
        const double epsilon = 0.3;
        var bandit = new LinearEpsilonGreedyBandit(new LinearEpsilonGreedyOptions { ArmCount = 3, Dimension = 2, Epsilon = epsilon, Seed = 4 });
        bandit.Update(0, [1f, 1f], 0.2);
        bandit.Update(1, [1f, 0f], 0.9);
        bandit.Update(2, [0f, 1f], 0.5);

        var rng = new Random(4);
        var scores = new double[3];
        for (int t = 0; t < 500; t++)
        {
            float[] x = [(float)rng.NextDouble(), (float)rng.NextDouble()];
            Decision d = bandit.Decide(x, scores);
            for (int arm = 0; arm < 3; arm++)
            {
                Assert.Equal(bandit.Predict(arm, x), scores[arm]);
            }

            int greedy = Array.IndexOf(scores, scores.Max());
            double expected = d.Action == greedy ? (epsilon / 3) + (1 - epsilon) : epsilon / 3;
            Assert.Equal(expected, d.Propensity, 15);
            Assert.Equal(d.Action != greedy, d.Explored);
        }
    }

    [Fact]
    public void Decide_TiedPredictions_GreedyMassSharedAmongTies()
    {
        var bandit = new LinearEpsilonGreedyBandit(new LinearEpsilonGreedyOptions { ArmCount = 4, Dimension = 1, Epsilon = 0.2, Seed = 5 });
        bandit.Update(1, [1f], 1.0);
        bandit.Update(3, [1f], 1.0);

        for (int t = 0; t < 300; t++)
        {
            Decision d = bandit.Decide([2f]);
            Assert.Equal(d.Action is 1 or 3 ? 0.05 + 0.4 : 0.05, d.Propensity, 15);
        }
    }
}
