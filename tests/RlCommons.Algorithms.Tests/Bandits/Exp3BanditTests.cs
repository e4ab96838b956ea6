using RlCommons.Algorithms.Bandits;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>EXP3 (Auer et al. 2002): p_i = (1 − γ) w_i/Σw + γ/K and log w_i += γ (x/p_i)/K.</summary>
public class Exp3BanditTests
{
    private const double Gamma = 0.3;

    [Fact]
    public void Decide_Fresh_ProbabilitiesAreUniform()
    {
        var bandit = new Exp3Bandit(new Exp3Options { ArmCount = 3, Seed = 1, Gamma = Gamma });
        var scores = new double[3];
        Decision d = bandit.Decide(scores);

        Assert.All(scores, s => Assert.Equal(1.0 / 3, s, 15));
        Assert.Equal(1.0 / 3, d.Propensity, 15);
    }

    [Fact]
    public void Update_HandComputedThreeArms_ProbabilitiesAndLogWeightsMatch()
    {
        var bandit = new Exp3Bandit(new Exp3Options { ArmCount = 3, Seed = 1, Gamma = Gamma });

        // A decision for arm 0 logged with propensity 1/3: log w0 = γ·(1/(1/3))/3 = 0.3.
        bandit.Update(new Decision(0, 1.0 / 3, 0, false, 1, 1), 1.0);
        double[] logW = [0.3, 0, 0];
        AssertProbabilities(bandit, logW);

        // By hand: w = (e^0.3, 1, 1), Σw = 3.3498588; p0 = 0.7·1.3498588/3.3498588 + 0.1, p1 = p2 = 0.7/3.3498588 + 0.1.
        var scores = new double[3];
        bandit.Decide(scores);
        Assert.Equal(0.38207193782801363, scores[0], 1e-15);
        Assert.Equal(0.3089640310859932, scores[1], 1e-15);
        Assert.Equal(0.3089640310859932, scores[2], 1e-15);

        // Update(int, r) divides by the arm's current probability p1.
        double p1 = Probabilities(logW)[1];
        bandit.Update(1, 0.5);
        logW[1] += Gamma * (0.5 / p1) / 3;
        AssertProbabilities(bandit, logW);

        // Update(in Decision, r) uses the logged propensity, not the current probability.
        bandit.Update(new Decision(2, 0.2, 0, true, 2, 2), 0.8);
        logW[2] += Gamma * (0.8 / 0.2) / 3;
        AssertProbabilities(bandit, logW);

        // A zero reward changes nothing.
        bandit.Update(0, 0.0);
        AssertProbabilities(bandit, logW);
    }

    [Fact]
    public void Decide_Explore_PropensityIsTheArmsProbability()
    {
        var bandit = new Exp3Bandit(new Exp3Options { ArmCount = 3, Seed = 1, Gamma = Gamma });
        bandit.Update(new Decision(0, 0.5, 0, false, 1, 1), 1.0);
        double[] expected = Probabilities([0.2, 0, 0]);

        var scores = new double[3];
        for (int t = 0; t < 200; t++)
        {
            Decision d = bandit.Decide(scores);
            Assert.Equal(expected[d.Action], d.Propensity, 1e-14);
            Assert.Equal(d.Action != 0, d.Explored);
        }
    }

    [Fact]
    public void AddArm_AfterUpdates_StartsAtMeanLogWeight()
    {
        var bandit = new Exp3Bandit(new Exp3Options { ArmCount = 3, Seed = 1, Gamma = Gamma });
        bandit.Update(new Decision(0, 0.5, 0, false, 1, 1), 1.0);   // log w0 = 0.2
        bandit.Update(new Decision(1, 0.25, 0, false, 2, 2), 0.5);  // log w1 = 0.2

        Assert.Equal(3, bandit.AddArm("new"));

        // K is now 4; the new arm's log-weight is (0.2 + 0.2 + 0)/3.
        AssertProbabilities(bandit, [0.2, 0.2, 0, 0.4 / 3]);
    }

    [Fact]
    public void Update_ManyLargeImportanceWeights_StaysFiniteAndNormalized()
    {
        var bandit = new Exp3Bandit(new Exp3Options { ArmCount = 3, Seed = 1, Gamma = 1.0 });
        for (int t = 0; t < 5000; t++)
        {
            bandit.Update(new Decision(t % 2, 0.01, 0, false, t, 0), 1.0);
        }

        var scores = new double[3];
        bandit.Decide(scores);
        Assert.All(scores, s => Assert.True(double.IsFinite(s) && s > 0));
        Assert.Equal(1.0, scores.Sum(), 12);

        // γ = 1 makes the choice uniform whatever the weights.
        Assert.All(scores, s => Assert.Equal(1.0 / 3, s, 12));
    }

    [Fact]
    public void Update_ShiftOfLargeLogWeights_KeepsProbabilities()
    {
        var bandit = new Exp3Bandit(new Exp3Options { ArmCount = 2, Seed = 1, Gamma = 0.5 });

        // Each update adds 0.5·(1/0.001)/2 = 250 to arm 0's log-weight: three of them cross the shift threshold (512).
        double[] logW = [0, 0];
        for (int t = 0; t < 3; t++)
        {
            bandit.Update(new Decision(0, 0.001, 0, false, t, 0), 1.0);
            logW[0] += 250;
        }

        bandit.Update(new Decision(1, 0.001, 0, false, 9, 0), 1.0);
        logW[1] += 250;

        AssertProbabilities(bandit, logW, gamma: 0.5);
    }

    [Fact]
    public void Decide_Greedy_PicksHighestProbabilityWithOneOverTies()
    {
        var bandit = new Exp3Bandit(new Exp3Options { ArmCount = 3, Seed = 1, Gamma = Gamma });
        Decision tied = bandit.Decide(explore: false);
        Assert.Equal(1.0 / 3, tied.Propensity, 15);

        bandit.Update(new Decision(2, 0.5, 0, false, 1, 1), 1.0);
        Decision greedy = bandit.Decide(explore: false);
        Assert.Equal(2, greedy.Action);
        Assert.Equal(1.0, greedy.Propensity);
        Assert.False(greedy.Explored);
    }

    private static double[] Probabilities(double[] logW, double gamma = Gamma)
    {
        double max = logW.Max();
        double[] w = logW.Select(v => Math.Exp(v - max)).ToArray();
        return w.Select(v => ((1 - gamma) * v / w.Sum()) + (gamma / w.Length)).ToArray();
    }

    private static void AssertProbabilities(Exp3Bandit bandit, double[] logW, double gamma = Gamma)
    {
        var scores = new double[bandit.ArmSlotCount];
        bandit.Decide(scores);
        double[] expected = Probabilities(logW, gamma);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], scores[i], 1e-13);
        }

        Assert.Equal(1.0, scores.Sum(), 14);
    }
}
