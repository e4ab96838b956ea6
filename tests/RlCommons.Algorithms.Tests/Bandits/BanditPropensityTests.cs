using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>
/// Reported propensities are the real choice probabilities: with a frozen state (no updates) and a fixed seed, the
/// empirical frequency of each arm over many decisions matches the propensity reported for it.
/// </summary>
public class BanditPropensityTests
{
    private const int Decisions = 20_000;

    public static TheoryData<string> ExactKinds => ["EpsilonGreedy", "EpsilonGreedyTied", "Ucb1Untried", "Softmax", "Exp3", "LinUcbTied", "LinearEpsilonGreedy"];

    public static TheoryData<string> MonteCarloKinds => ["ThompsonSampling", "GaussianThompsonSampling", "LinearThompsonSampling"];

    [Theory]
    [MemberData(nameof(ExactKinds))]
    public void Decide_FrozenState_EmpiricalFrequencyMatchesExactPropensity(string kind)
    {
        (Bandit bandit, float[] x) = Frozen(kind);
        (int[] counts, List<double>[] propensities) = Run(bandit, x);

        for (int arm = 0; arm < counts.Length; arm++)
        {
            if (counts[arm] == 0)
            {
                continue;
            }

            // An exact propensity depends only on the state, which is frozen: one value per arm.
            double p = propensities[arm][0];
            Assert.All(propensities[arm], q => Assert.Equal(p, q));
            double se = Math.Sqrt(p * (1 - p) / Decisions);
            Assert.InRange((double)counts[arm] / Decisions, p - (4 * se) - 1e-12, p + (4 * se) + 1e-12);
        }

        // Arms never seen must have had a small probability: the seen arms' propensities sum to (almost) one.
        double total = Enumerable.Range(0, counts.Length).Where(a => counts[a] > 0).Sum(a => propensities[a][0]);
        Assert.Equal(1.0, total, 3);
    }

    [Theory]
    [MemberData(nameof(MonteCarloKinds))]
    public void Decide_FrozenThompsonState_MonteCarloPropensityMatchesFrequency(string kind)
    {
        (Bandit bandit, float[] x) = Frozen(kind);
        (int[] counts, List<double>[] propensities) = Run(bandit, x);

        int draws = DrawsOf(kind);
        for (int arm = 0; arm < counts.Length; arm++)
        {
            double frequency = (double)counts[arm] / Decisions;
            Assert.InRange(frequency, 0.01, 0.99);
            double mean = propensities[arm].Average();

            // The estimate counts the decision's own (winning) draw plus M independent ones, so given the arm was
            // chosen its expectation is (1 + M·p)/(M + 1). Tolerance: 4 standard errors of the frequency plus MC noise.
            double expected = (1 + (draws * frequency)) / (draws + 1);
            double se = Math.Sqrt(frequency * (1 - frequency) / Decisions);
            Assert.InRange(mean, expected - (4 * se) - 0.005, expected + (4 * se) + 0.005);
        }
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Decide_GreedyWithAllArmsTied_ReportsOneOverTies(string kind)
    {
        Bandit bandit = BanditCatalog.Create(kind, seed: 12, arms: 4);
        float[] x = [0.5f, 0.25f, 1f];
        var seen = new HashSet<int>();
        for (int t = 0; t < 200; t++)
        {
            Decision d = BanditCatalog.Decide(bandit, x, explore: false);
            Assert.Equal(0.25, d.Propensity);
            Assert.False(d.Explored);
            seen.Add(d.Action);
        }

        Assert.Equal(4, seen.Count);
    }

    // Beta sampling is the slowest: fewer extra draws keep the test short.
    private static int DrawsOf(string kind) => kind == "ThompsonSampling" ? 30 : 100;

    private static (int[] Counts, List<double>[] Propensities) Run(Bandit bandit, float[] x)
    {
        int slots = bandit.ArmSlotCount;
        var counts = new int[slots];
        List<double>[] propensities = [.. Enumerable.Range(0, slots).Select(_ => new List<double>())];
        long updates = bandit.UpdateCount;
        for (int t = 0; t < Decisions; t++)
        {
            Decision d = BanditCatalog.Decide(bandit, x);
            counts[d.Action]++;
            propensities[d.Action].Add(d.Propensity);
        }

        Assert.Equal(updates, bandit.UpdateCount);
        return (counts, propensities);
    }

    private static (Bandit Bandit, float[] Context) Frozen(string kind)
    {
        float[] x = [1f, -0.5f, 1f];
        switch (kind)
        {
            case "EpsilonGreedy":
            {
                var b = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 4, Seed = 31, Epsilon = 0.3 });
                b.Update(2, 1.0);
                b.Update(1, 0.5);
                return (b, x);
            }

            case "EpsilonGreedyTied":
            {
                var b = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 4, Seed = 32, Epsilon = 0.2 });
                b.Update(1, 1.0);
                b.Update(3, 1.0);
                return (b, x);
            }

            case "Ucb1Untried":
            {
                var b = new Ucb1Bandit(new Ucb1Options { ArmCount = 4, Seed = 33 });
                b.Update(0, 1.0);
                b.Update(1, 0.0);
                return (b, x);
            }

            case "Softmax":
            {
                var b = new SoftmaxBandit(new SoftmaxOptions { ArmCount = 4, Seed = 34, Temperature = 0.25 });
                b.Update(0, 0.8);
                b.Update(1, 0.5);
                b.Update(2, 0.2);
                return (b, x);
            }

            case "Exp3":
            {
                var b = new Exp3Bandit(new Exp3Options { ArmCount = 4, Seed = 35, Gamma = 0.2 });
                b.Update(0, 1.0);
                b.Update(1, 0.5);
                b.Update(0, 0.7);
                return (b, x);
            }

            case "LinUcbTied":
            {
                // Arms 1 and 2 get the same data, so their scores tie exactly: each has propensity 1/2.
                var b = new LinUcbBandit(new LinUcbOptions { ArmCount = 3, Dimension = 3, Seed = 36, Alpha = 0.3 });
                b.Update(0, [1f, 0f, 1f], 0.1);
                b.Update(1, [1f, -0.5f, 1f], 0.9);
                b.Update(2, [1f, -0.5f, 1f], 0.9);
                return (b, x);
            }

            case "LinearEpsilonGreedy":
            {
                var b = new LinearEpsilonGreedyBandit(new LinearEpsilonGreedyOptions { ArmCount = 3, Dimension = 3, Seed = 37, Epsilon = 0.25 });
                b.Update(0, [1f, 0f, 1f], 0.1);
                b.Update(1, [1f, -0.5f, 1f], 0.9);
                return (b, x);
            }

            case "ThompsonSampling":
            {
                var b = new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = 3, Seed = 38, PropensityDraws = DrawsOf(kind) });
                b.Update(0, 1.0);
                b.Update(0, 1.0);
                b.Update(1, 1.0);
                b.Update(2, 0.0);
                return (b, x);
            }

            case "GaussianThompsonSampling":
            {
                var b = new GaussianThompsonSamplingBandit(new GaussianThompsonSamplingOptions { ArmCount = 3, Seed = 39, PropensityDraws = DrawsOf(kind) });
                b.Update(0, 0.5);
                b.Update(1, 0.2);
                b.Update(2, -0.3);
                return (b, x);
            }

            case "LinearThompsonSampling":
            {
                var b = new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { ArmCount = 3, Dimension = 3, Seed = 40, ExplorationScale = 0.5, PropensityDraws = DrawsOf(kind) });
                b.Update(0, [1f, 0f, 1f], 0.4);
                b.Update(1, [1f, -0.5f, 1f], 0.6);
                b.Update(2, [0f, 1f, 1f], 0.2);
                return (b, x);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
