using RlCommons.Algorithms.Bandits;
using Xunit.Abstractions;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>
/// Every multi-armed bandit learns a 10-arm Bernoulli problem (means below, best arm 9 at 0.8, next 0.7) with a
/// fixed seed: after <see cref="Steps"/> steps its average reward and its share of best-arm pulls over the last
/// 1,000 steps reach the stated thresholds. Uniform play would average 0.41 and pick the best arm 10% of the time.
/// </summary>
public class BanditLearningTests(ITestOutputHelper output)
{
    private const int Steps = 5_000;
    private static readonly double[] Means = [0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8];

    public static TheoryData<string, double, double> Thresholds => new()
    {
        // kind, minimum average reward over all steps, minimum best-arm share over the last 1,000 steps
        { "EpsilonGreedy", 0.72, 0.90 },
        { "Ucb1", 0.75, 0.90 },
        { "ThompsonSampling", 0.76, 0.95 },
        { "GaussianThompsonSampling", 0.75, 0.95 },
        { "Softmax", 0.70, 0.55 }, // τ = 0.1 keeps e^(0.1/τ) ≈ 2.7 odds between neighbours: it never commits fully.
        { "Exp3", 0.65, 0.75 },
    };

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void DecideUpdate_TenArmBernoulli_ReachesStatedRewardAndBestArmShare(string kind, double minAverage, double minBestShare)
    {
        MultiArmedBandit bandit = Create(kind);
        var rng = new Random(2024);
        double total = 0;
        int bestLate = 0;
        for (int t = 0; t < Steps; t++)
        {
            Decision d = bandit.Decide();
            double reward = rng.NextDouble() < Means[d.Action] ? 1 : 0;
            bandit.Update(d, reward);
            total += reward;
            if (t >= Steps - 1000 && d.Action == 9)
            {
                bestLate++;
            }
        }

        double average = total / Steps;
        double share = bestLate / 1000.0;
        output.WriteLine($"{kind}: average reward {average:F4}, best-arm share {share:F3}");
        Assert.True(average >= minAverage, $"{kind} averaged {average:F4} < {minAverage}.");
        Assert.True(share >= minBestShare, $"{kind} chose the best arm {share:P1} of the last 1000 steps < {minBestShare:P0}.");
        Assert.Equal(9, bandit.Decide(explore: false).Action);
    }

    private static MultiArmedBandit Create(string kind) => kind switch
    {
        "EpsilonGreedy" => new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 10, Seed = 7, Epsilon = 0.05 }),
        "Ucb1" => new Ucb1Bandit(new Ucb1Options { ArmCount = 10, Seed = 7, Exploration = 0.5 }),
        "ThompsonSampling" => new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = 10, Seed = 7, PropensityDraws = 0 }),
        "GaussianThompsonSampling" => new GaussianThompsonSamplingBandit(new GaussianThompsonSamplingOptions { ArmCount = 10, Seed = 7, PriorMean = 0.5, PriorVariance = 0.25, NoiseVariance = 0.25, PropensityDraws = 0 }),
        "Softmax" => new SoftmaxBandit(new SoftmaxOptions { ArmCount = 10, Seed = 7, Temperature = 0.1 }),
        "Exp3" => new Exp3Bandit(new Exp3Options { ArmCount = 10, Seed = 7, Gamma = 0.05 }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
