using RlCommons.Decisions;
using RlCommons.Algorithms.Offline;
using RlCommons.Randomness;
using Xunit;

namespace RlCommons.Algorithms.Tests.Offline;

public sealed class OfflineConcurrencyTests
{
    [Fact]
    public void Learn_FromFourThreads_EqualsSerialLearning()
    {
        // IPS ridge regression does not depend on the row order (up to rounding), so any serial order gives the same models.
        var random = new Xoshiro256Random(21);
        DecisionLogEntry[] log = [.. Enumerable.Range(0, 400).Select(i =>
            DecisionLogEntry.FromHistory(i, new float[] { 1f, random.NextSingle(), random.NextSingle() }, random.Next(3), 0.2 + (0.8 * random.NextDouble()), random.NextDouble()))];
        var options = new OfflineBanditOptions { ArmCount = 3, Dimension = 3, Estimator = OfflineEstimator.InversePropensity, PropensityFloor = 0.5, Seed = 1 };
        var serial = new OfflineContextualBandit(options);
        serial.Learn(log);
        var shared = new OfflineContextualBandit(options);

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, part =>
        {
            for (int i = part; i < log.Length; i += 4)
            {
                shared.Learn(log[i]);
            }
        });

        Assert.Equal(serial.Report, shared.Report);
        Assert.True(shared.Report.ClippedPropensities > 0);
        for (int arm = 0; arm < 3; arm++)
        {
            Assert.Equal(serial.Policy.Predict(arm, [1f, 0.3f, 0.6f]), shared.Policy.Predict(arm, [1f, 0.3f, 0.6f]), 9);
        }
    }

    [Fact]
    public void Decide_FromFourThreads_CountsEveryDecisionOnce()
    {
        var learner = new EpisodeLogLearner(new EpisodeLogLearnerOptions { ActionCount = 3, Dimension = 2, Seed = 4 });
        var sequences = new System.Collections.Concurrent.ConcurrentBag<long>();

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => sequences.Add(learner.Decide([1f, 0.5f]).Sequence));

        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), sequences.Order());
    }
}
