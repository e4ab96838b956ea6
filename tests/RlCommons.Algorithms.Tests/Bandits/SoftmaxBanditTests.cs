using RlCommons.Algorithms.Bandits;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>Softmax (Boltzmann) exploration: propensities are exp(Q/τ)/Σ exp(Q/τ), exactly.</summary>
public class SoftmaxBanditTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.05)]
    [InlineData(3.0)]
    public void Decide_KnownValues_PropensitiesEqualSoftmaxProbabilities(double tau)
    {
        var bandit = new SoftmaxBandit(new SoftmaxOptions { ArmCount = 3, Seed = 5, Temperature = tau });
        bandit.Update(0, 1.0);
        bandit.Update(1, 0.5);
        bandit.Update(1, 0.25);

        double[] q = [1.0, 0.375, 0.0];
        double[] weights = q.Select(v => Math.Exp(v / tau)).ToArray();
        double[] expected = weights.Select(w => w / weights.Sum()).ToArray();
        Assert.Equal(1.0, expected.Sum(), 15);

        var reported = new double?[3];
        var scores = new double[3];
        for (int t = 0; t < 3000 && reported.Any(r => r is null); t++)
        {
            Decision d = bandit.Decide(scores);
            Assert.Equal(q, scores);
            Assert.Equal(expected[d.Action], d.Propensity, 1e-14);
            Assert.Equal(d.Action != 0, d.Explored);
            reported[d.Action] = d.Propensity;
        }

        if (tau >= 0.5)
        {
            Assert.All(reported, r => Assert.NotNull(r));
            Assert.Equal(1.0, reported.Sum(r => r!.Value), 14);
        }
    }

    [Fact]
    public void Decide_HugeValuesOverTemperature_NoOverflow()
    {
        var bandit = new SoftmaxBandit(new SoftmaxOptions { ArmCount = 2, Seed = 5, Temperature = 1e-3, InitialValue = 1000 });
        bandit.Update(0, 1000.5);

        Decision d = bandit.Decide();

        Assert.Equal(0, d.Action);
        Assert.Equal(1.0 / (1.0 + Math.Exp(-500)), d.Propensity, 15);
    }

    [Fact]
    public void Decide_Greedy_PicksHighestValueWithOneOverTies()
    {
        var bandit = new SoftmaxBandit(new SoftmaxOptions { ArmCount = 3, Seed = 5 });
        bandit.Update(0, 1.0);
        bandit.Update(2, 1.0);

        var chosen = new HashSet<int>();
        for (int t = 0; t < 50; t++)
        {
            Decision d = bandit.Decide(explore: false);
            Assert.Equal(0.5, d.Propensity);
            chosen.Add(d.Action);
        }

        Assert.Equal([0, 2], chosen.Order());
    }
}
