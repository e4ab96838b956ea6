using RlCommons.Decisions;
using RlCommons.Policies;
using Clock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace RlCommons.Storage.Sqlite.Tests;

/// <summary>A decision point (Core) running on the SQLite log behaves exactly as on the in-memory log.</summary>
public sealed class DecisionPointOnSqliteTests
{
    private static readonly float[] Features = [0.5f, 1f];

    /// <summary>Drives a point for a fixed-seed stream of decisions, rewards (some duplicated, some late, some never) and window closings.</summary>
    private static (DecisionPointStatistics Statistics, List<(int Action, double Reward)> Learned, List<DecisionLogEntry> Log) Simulate(IDecisionLog log, DuplicateRewardHandling duplicates)
    {
        var clock = new Clock(DecisionLogScenarios.Start);
        var policy = new SeededPolicy([0.2, 0.3, 0.5], seed: 42);
        var options = new DecisionPointOptions { Name = "checkout", Seed = 9, TimeProvider = clock, DefaultReward = 0, Duplicates = duplicates, RecordProbabilities = true };
        var point = new DecisionPoint(policy, options, log);
        var rewards = new Random(5);
        var made = new List<DecisionRecord>();
        for (int i = 0; i < 600; i++)
        {
            made.Add(point.Decide(Features));
            clock.Advance(TimeSpan.FromSeconds(7));
            int back = rewards.Next(0, 120);
            if (back < made.Count && rewards.NextDouble() < 0.8)
            {
                // Up to 14 minutes back: some rewards arrive after the 10-minute window.
                DecisionRecord target = made[made.Count - 1 - back];
                point.Reward(target.EventId, Math.Round(rewards.NextDouble(), 3));
                if (rewards.NextDouble() < 0.1)
                {
                    point.Reward(target.EventId, 1);
                }
            }

            if (rewards.NextDouble() < 0.05)
            {
                point.Reward(DecisionId.Create(clock.GetUtcNow(), 999, i), 1);
            }

            if (i % 25 == 0)
            {
                point.CloseExpiredDecisions();
            }
        }

        clock.Advance(TimeSpan.FromHours(1));
        point.CloseExpiredDecisions();
        return (point.GetStatistics(), policy.Learned, [.. log.Read()]);
    }

    [Theory]
    [InlineData(DuplicateRewardHandling.Reject)]
    [InlineData(DuplicateRewardHandling.Sum)]
    public void DecisionPoint_SameSeed_SameStatisticsAsInMemory(DuplicateRewardHandling duplicates)
    {
        using var temp = new TempDatabase();
        (DecisionPointStatistics expected, List<(int, double)> expectedLearned, List<DecisionLogEntry> expectedLog) = Simulate(new InMemoryDecisionLog(), duplicates);
        DecisionPointStatistics actual;
        List<(int, double)> actualLearned;
        using (SqliteDecisionLog sqlite = temp.Open(batchSize: 16))
        {
            (actual, actualLearned, _) = Simulate(sqlite, duplicates);
        }

        Assert.Equal(expected, actual);
        Assert.True(expected.Late > 0 && expected.Orphans > 0 && expected.DefaultsApplied > 0 && expected.RewardsLearned > 100, $"the scenario must exercise every rule: {expected}");
        Assert.True(duplicates == DuplicateRewardHandling.Sum || expected.Duplicates > 0);
        Assert.Equal(expectedLearned, actualLearned);
        using SqliteDecisionLog reopened = temp.Open();
        IReadOnlyList<DecisionLogEntry> actualLog = reopened.Read();
        Assert.Equal(expectedLog.Count, actualLog.Count);
        for (int i = 0; i < expectedLog.Count; i++)
        {
            RecordAssert.Equal(expectedLog[i], actualLog[i]);
        }
    }
}

/// <summary>A seeded policy with a fixed distribution that records what it learns (in order).</summary>
internal sealed class SeededPolicy(double[] distribution, int seed) : ILearningPolicy
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private long _decisions;

    public List<(int Action, double Reward)> Learned { get; } = [];

    public int ActionCount => distribution.Length;

    public int FeatureCount => 2;

    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        lock (_gate)
        {
            long n = ++_decisions;
            double u = _random.NextDouble();
            int action = 0;
            double cumulative = distribution[0];
            while (u >= cumulative && action < distribution.Length - 1)
            {
                action++;
                cumulative += distribution[action];
            }

            if (!probabilities.IsEmpty)
            {
                distribution.CopyTo(probabilities);
            }

            return new Decision(action, distribution[action], 0, action != 2, n, (ulong)n);
        }
    }

    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => distribution.CopyTo(probabilities);

    public void Learn(ReadOnlySpan<float> features, int action, double reward, double propensity)
    {
        lock (_gate)
        {
            Learned.Add((action, reward));
        }
    }
}
