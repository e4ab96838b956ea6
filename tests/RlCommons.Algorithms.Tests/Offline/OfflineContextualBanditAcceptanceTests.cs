using RlCommons.Decisions;
using RlCommons.Algorithms.Offline;
using Xunit;
using Xunit.Abstractions;

namespace RlCommons.Algorithms.Tests.Offline;

public sealed class OfflineContextualBanditAcceptanceTests(ITestOutputHelper output)
{
    private const ulong Seed = 1;

    // The λ candidates of the evaluation CLI's offline command: each model's λ is cross-validated inside the logs
    // (docs/offline.md has seeds 1–10).
    private static readonly double[] LambdaCandidates = [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000];

    [Theory]
    [InlineData(OfflineEstimator.DoublyRobust, 0.85)]
    [InlineData(OfflineEstimator.InversePropensity, 0.70)]
    public void Learn_UniformLoggingOnDigits_GreedyPolicyReachesHeldoutAccuracy(OfflineEstimator estimator, double threshold)
    {
        DigitsLogs digits = DigitsLogs.Load(Seed);

        double accuracy = Train(digits, digits.Log(skewed: false, Seed), estimator);

        output.WriteLine($"{estimator} uniform: {accuracy:F4}");
        Assert.InRange(accuracy, threshold, 1.0);
    }

    [Fact]
    public void Learn_SkewedLoggingOnDigits_DoublyRobustAtLeastAsGoodAsIps()
    {
        DigitsLogs digits = DigitsLogs.Load(Seed);
        DecisionLogEntry[] log = digits.Log(skewed: true, Seed);

        double dr = Train(digits, log, OfflineEstimator.DoublyRobust);
        double ips = Train(digits, log, OfflineEstimator.InversePropensity);

        output.WriteLine($"skewed: DR {dr:F4}, IPS {ips:F4}");
        Assert.True(dr >= ips, $"DR {dr} < IPS {ips}");
        Assert.Equal(0.02, log.Min(d => d.Decision.Propensity));
    }

    private static double Train(DigitsLogs digits, DecisionLogEntry[] log, OfflineEstimator estimator)
    {
        var learner = new OfflineContextualBandit(new OfflineBanditOptions { ArmCount = DigitsLogs.Arms, Dimension = digits.Dimension, Estimator = estimator, LambdaCandidates = LambdaCandidates, Seed = (long)Seed });
        learner.Learn(log);
        return digits.HeldoutAccuracy(learner);
    }
}
