using System.Diagnostics.Metrics;
using RlCommons.Decisions;
using RlCommons.Diagnostics;
using Clock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace RlCommons.Core.Tests.Decisions;

public class DecisionPointTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly float[] Features = [0.5f, 1f];

    private static (DecisionPoint Point, TestPolicy Policy, Clock Clock) Create(Action<DecisionPointOptions>? configure = null, double[]? distribution = null)
    {
        var clock = new Clock(Start);
        var policy = new TestPolicy(distribution ?? [0.25, 0.75]);
        var options = new DecisionPointOptions { Name = "checkout", PolicyVersion = "v3", Seed = 11, TimeProvider = clock };
        configure?.Invoke(options);
        return (new DecisionPoint(policy, options), policy, clock);
    }

    [Fact]
    public void Decide_WritesTheRecordToTheLog()
    {
        (DecisionPoint point, _, Clock clock) = Create();
        float[] features = [0.5f, 1f];
        DecisionRecord record = point.Decide(features);
        features[0] = 9;

        Assert.False(record.EventId.IsEmpty);
        Assert.Equal("checkout", record.DecisionPoint);
        Assert.Equal("checkout", record.PolicyId);
        Assert.Equal("v3", record.PolicyVersion);
        Assert.Equal($"arm-{record.Action}", record.ActionName);
        Assert.Equal(record.Action == 0 ? 0.25 : 0.75, record.Propensity);
        Assert.Equal(Features, record.Features.ToArray());
        Assert.Equal(clock.GetUtcNow(), record.Timestamp);
        Assert.Equal(1, record.Sequence);
        Assert.Equal(DecisionSource.Learned, record.Source);
        Assert.True(record.Probabilities.IsEmpty);
        Assert.True(point.DecisionLog.TryGet(record.EventId, out DecisionLogEntry? entry));
        Assert.Same(record, entry.Decision);
        Assert.Null(entry.Reward);
        Assert.False(entry.IsClosed);
    }

    [Fact]
    public void Decide_RecordProbabilities_RecordsTheDistribution()
    {
        (DecisionPoint point, _, _) = Create(o => o.RecordProbabilities = true);
        DecisionRecord record = point.Decide(Features);
        Assert.Equal([0.25, 0.75], record.Probabilities.ToArray());
        Assert.Equal(record.Probabilities.Span[record.Action], record.Propensity);
    }

    [Fact]
    public void Decide_SameSeed_SameRecords()
    {
        (DecisionPoint a, _, _) = Create();
        (DecisionPoint b, _, _) = Create();
        for (int i = 0; i < 50; i++)
        {
            DecisionRecord x = a.Decide(Features);
            DecisionRecord y = b.Decide(Features);
            Assert.Equal(x.EventId, y.EventId);
            Assert.Equal(x.Action, y.Action);
            Assert.Equal(x.Propensity, y.Propensity);
        }
    }

    [Fact]
    public void Decide_NoSeed_FreshIdsPerInstance()
    {
        var clock = new Clock(Start);
        var a = new DecisionPoint(new TestPolicy([1.0]), new DecisionPointOptions { Name = "p", TimeProvider = clock });
        var b = new DecisionPoint(new TestPolicy([1.0]), new DecisionPointOptions { Name = "p", TimeProvider = clock });
        Assert.NotEqual(a.Decide(Features).EventId, b.Decide(Features).EventId);
    }

    [Fact]
    public void Decide_BadFeatures_LogsNothing()
    {
        (DecisionPoint point, _, _) = Create();
        Assert.Throws<ArgumentException>(() => point.Decide([1f]));
        Assert.Equal(0, point.DecisionLog.Count);
        Assert.Equal(0, point.GetStatistics().Decisions);
    }

    [Fact]
    public void Reward_InWindow_LearnedOnceWithTheDecisionsFeatures()
    {
        (DecisionPoint point, TestPolicy policy, Clock clock) = Create();
        DecisionRecord record = point.Decide(Features);
        clock.Advance(TimeSpan.FromMinutes(5));

        RewardJoinResult result = point.Reward(record.EventId, 0.8);

        Assert.Equal(RewardJoinStatus.Joined, result.Status);
        Assert.Same(record, result.Decision);
        (float[] features, int action, double reward, double propensity) = Assert.Single(policy.Learned);
        Assert.Equal(Features, features);
        Assert.Equal(record.Action, action);
        Assert.Equal(0.8, reward);
        Assert.Equal(record.Propensity, propensity);
        Assert.True(point.DecisionLog.TryGet(record.EventId, out DecisionLogEntry? entry));
        Assert.Equal(0.8, entry.Reward);
        Assert.True(entry.IsClosed);
    }

    [Fact]
    public void Reward_Duplicate_RejectedAndNotLearnedTwice()
    {
        (DecisionPoint point, TestPolicy policy, _) = Create();
        DecisionRecord record = point.Decide(Features);
        point.Reward(record.EventId, 1);

        RewardJoinResult second = point.Reward(record.EventId, 0);

        Assert.Equal(RewardJoinStatus.Duplicate, second.Status);
        Assert.Single(policy.Learned);
        Assert.Equal(1, point.GetStatistics().Duplicates);
        Assert.True(point.DecisionLog.TryGet(record.EventId, out DecisionLogEntry? entry));
        Assert.Equal(1, entry.Reward);
    }

    [Fact]
    public void Reward_AfterTheWindow_LateAndNotLearned()
    {
        (DecisionPoint point, TestPolicy policy, Clock clock) = Create(o => o.AttributionWindow = TimeSpan.FromMinutes(10));
        DecisionRecord record = point.Decide(Features);
        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromTicks(1));

        Assert.Equal(RewardJoinStatus.Late, point.Reward(record.EventId, 1).Status);
        Assert.Empty(policy.Learned);
        Assert.Equal(1, point.GetStatistics().Late);
    }

    [Fact]
    public void Reward_AtTheEndOfTheWindow_Joined()
    {
        (DecisionPoint point, TestPolicy policy, Clock clock) = Create(o => o.AttributionWindow = TimeSpan.FromMinutes(10));
        DecisionRecord record = point.Decide(Features);
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(RewardJoinStatus.Joined, point.Reward(record.EventId, 1).Status);
        Assert.Single(policy.Learned);
    }

    [Fact]
    public void Reward_UnknownEventId_CountedAsOrphanNotThrown()
    {
        (DecisionPoint point, TestPolicy policy, _) = Create();
        RewardJoinResult result = point.Reward(DecisionId.Create(Start, 1, 1), 1);
        Assert.Equal(RewardJoinStatus.Unknown, result.Status);
        Assert.Null(result.Decision);
        Assert.Empty(policy.Learned);
        Assert.Equal(1, point.GetStatistics().Orphans);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Reward_NotFinite_ThrowsAndChangesNothing(double reward)
    {
        (DecisionPoint point, TestPolicy policy, _) = Create();
        DecisionRecord record = point.Decide(Features);

        ArgumentOutOfRangeException ex = Assert.Throws<ArgumentOutOfRangeException>(() => point.Reward(record.EventId, reward));

        Assert.Equal("reward", ex.ParamName);
        Assert.Empty(policy.Learned);
        Assert.Equal(1, point.GetStatistics().Rejected);
        Assert.Equal(0, point.GetStatistics().RewardsReceived);
        Assert.Equal(RewardJoinStatus.Joined, point.Reward(record.EventId, 1).Status);
    }

    [Fact]
    public void CloseExpiredDecisions_DefaultReward_LearnedForTheMissing()
    {
        (DecisionPoint point, TestPolicy policy, Clock clock) = Create(o => o.DefaultReward = 0);
        DecisionRecord rewarded = point.Decide(Features);
        DecisionRecord silent = point.Decide(Features);
        point.Reward(rewarded.EventId, 1);
        clock.Advance(TimeSpan.FromMinutes(5));
        DecisionRecord recent = point.Decide(Features);
        clock.Advance(TimeSpan.FromMinutes(6));

        int closed = point.CloseExpiredDecisions();

        Assert.Equal(1, closed);
        Assert.Equal(2, policy.Learned.Count);
        Assert.Equal(0, policy.Learned[1].Reward);
        DecisionPointStatistics stats = point.GetStatistics();
        Assert.Equal(1, stats.Missing);
        Assert.Equal(1, stats.DefaultsApplied);
        Assert.Equal(2, stats.RewardsLearned);
        Assert.True(point.DecisionLog.TryGet(silent.EventId, out DecisionLogEntry? entry));
        Assert.True(entry.IsDefaultReward);
        Assert.True(point.DecisionLog.TryGet(recent.EventId, out DecisionLogEntry? open));
        Assert.False(open.IsClosed);
        Assert.Equal(RewardJoinStatus.Late, point.Reward(silent.EventId, 1).Status);
    }

    [Fact]
    public void CloseExpiredDecisions_NoDefault_CountsMissingAndLearnsNothing()
    {
        (DecisionPoint point, TestPolicy policy, Clock clock) = Create();
        point.Decide(Features);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, point.CloseExpiredDecisions());
        Assert.Empty(policy.Learned);
        Assert.Equal(1, point.GetStatistics().Missing);
        Assert.Equal(0, point.CloseExpiredDecisions());
    }

    [Fact]
    public void Reward_SumHandling_LearnsTheSumOnceWhenTheWindowCloses()
    {
        (DecisionPoint point, TestPolicy policy, Clock clock) = Create(o => o.Duplicates = DuplicateRewardHandling.Sum);
        DecisionRecord record = point.Decide(Features);
        Assert.Equal(RewardJoinStatus.Joined, point.Reward(record.EventId, 0.5).Status);
        Assert.Equal(RewardJoinStatus.Combined, point.Reward(record.EventId, 0.25).Status);
        Assert.Empty(policy.Learned);

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(RewardJoinStatus.Late, point.Reward(record.EventId, 1).Status);
        point.CloseExpiredDecisions();

        Assert.Equal(0.75, Assert.Single(policy.Learned).Reward);
        Assert.Equal(0, point.GetStatistics().Missing);
    }

    [Fact]
    public void Reward_LearnOnlineOff_LogsWithoutLearning()
    {
        (DecisionPoint point, TestPolicy policy, _) = Create(o => o.LearnOnline = false);
        DecisionRecord record = point.Decide(Features);
        Assert.Equal(RewardJoinStatus.Joined, point.Reward(record.EventId, 1).Status);
        Assert.Empty(policy.Learned);
        Assert.Equal(0, point.GetStatistics().RewardsLearned);
        Assert.Equal(1, point.DecisionLog.Read("checkout")[0].Reward);
    }

    [Fact]
    public void Reward_LearnerRefuses_CountedNotThrown()
    {
        var clock = new Clock(Start);
        var learner = new TestPolicy([1.0]);
        var point = new DecisionPoint(new TestPolicy([0.5, 0.5], seed: 3), new DecisionPointOptions { Name = "p", Seed = 1, TimeProvider = clock }, learner: learner);
        DecisionRecord record = point.Decide(Features);
        while (record.Action == 0)
        {
            record = point.Decide(Features);
        }

        Assert.Equal(RewardJoinStatus.Joined, point.Reward(record.EventId, 1).Status);
        Assert.Equal(1, point.GetStatistics().LearningFailures);
        Assert.Equal(0, point.GetStatistics().RewardsLearned);
    }

    [Fact]
    public void Constructor_OnlineWithoutLearner_ThrowsNamingTheLearner()
    {
        var notLearning = new NotLearningPolicy();
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new DecisionPoint(notLearning, new DecisionPointOptions { Name = "p" }));
        Assert.Equal("learner", ex.ParamName);
        Assert.Contains("LearnOnline", ex.Message);
        _ = new DecisionPoint(notLearning, new DecisionPointOptions { Name = "p", LearnOnline = false });
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var options = new DecisionPointOptions { Name = " ", AttributionWindow = TimeSpan.Zero, DefaultReward = double.NaN, PolicyVersion = "" };
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new DecisionPoint(new TestPolicy([1.0]), options));
        Assert.Contains("4 problems", ex.Message);
        Assert.Contains("AttributionWindow", ex.Message);
        Assert.Contains("DefaultReward", ex.Message);
    }

    [Fact]
    public void ReplacePolicy_NextDecisionRecordsTheNewVersion()
    {
        (DecisionPoint point, _, _) = Create();
        var next = new TestPolicy([0, 0, 1]);
        point.ReplacePolicy(next, "v4");
        DecisionRecord record = point.Decide(Features);
        Assert.Equal("v4", record.PolicyVersion);
        Assert.Equal(2, record.Action);
        Assert.Same(next, point.Policy);

        ArgumentException ex = Assert.Throws<ArgumentException>(() => point.ReplacePolicy(new TestPolicy([1.0]), "v5"));
        Assert.Equal("policy", ex.ParamName);
        Assert.Equal("v4", point.PolicyVersion);
    }

    [Fact]
    public void Log_AppendSameEventIdTwice_Throws()
    {
        (DecisionPoint point, _, _) = Create();
        DecisionRecord record = point.Decide(Features);
        ArgumentException ex = Assert.Throws<ArgumentException>(() => point.DecisionLog.Append(record));
        Assert.Equal("record", ex.ParamName);
        Assert.Equal(1, point.DecisionLog.Count);
    }

    [Fact]
    public void DecideAndReward_ManyThreads_CountsExact()
    {
        (DecisionPoint point, TestPolicy policy, _) = Create(distribution: [0.1, 0.2, 0.3, 0.4]);
        const int Threads = 4;
        const int PerThread = 5_000;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                DecisionRecord record = point.Decide(Features);
                point.Reward(record.EventId, 1);
                if (i % 10 == 0)
                {
                    point.Reward(record.EventId, 1);
                }
            }
        });

        DecisionPointStatistics stats = point.GetStatistics();
        Assert.Equal(Threads * PerThread, stats.Decisions);
        Assert.Equal(Threads * PerThread, stats.RewardsLearned);
        Assert.Equal(Threads * PerThread / 10, stats.Duplicates);
        Assert.Equal(Threads * PerThread, policy.Learned.Count);
        Assert.Equal(Threads * PerThread, point.DecisionLog.Read().Select(e => e.Decision.EventId).Distinct().Count());
    }

    [Fact]
    public void Telemetry_DecisionsAndRewardsReachTheMeter()
    {
        var measurements = new List<(string Instrument, long Value, string? Status)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RlCommonsDiagnostics.Name && instrument.Name.StartsWith("rlcommons.point.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? point = null;
            string? status = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "decision_point")
                {
                    point = tag.Value as string;
                }
                else if (tag.Key == "status")
                {
                    status = tag.Value as string;
                }
            }

            if (point == "telemetry")
            {
                lock (measurements)
                {
                    measurements.Add((instrument.Name, value, status));
                }
            }
        });
        listener.Start();

        (DecisionPoint point, _, _) = Create(o => o.Name = "telemetry");
        DecisionRecord record = point.Decide(Features);
        point.Reward(record.EventId, 1);
        point.Reward(record.EventId, 1);
        point.Reward(DecisionId.Create(Start, 1, 1), 1);

        Assert.Contains(measurements, m => m.Instrument == "rlcommons.point.decisions");
        Assert.Contains(measurements, m => m.Instrument == "rlcommons.point.rewards" && m.Status == "joined");
        Assert.Contains(measurements, m => m.Instrument == "rlcommons.point.rewards" && m.Status == "duplicate");
        Assert.Contains(measurements, m => m.Instrument == "rlcommons.point.rewards" && m.Status == "unknown");
        Assert.Single(measurements, m => m.Instrument == "rlcommons.point.updates");
    }

    private sealed class NotLearningPolicy : RlCommons.Policies.IPolicy
    {
        public int ActionCount => 1;

        public int FeatureCount => 0;

        public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => new(0, 1, 0, false, 1, 1);

        public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => probabilities[0] = 1;
    }

    [Fact]
    public void Decide_MultiDiscretePolicy_RecordsTheComponents()
    {
        var space = new RlCommons.Spaces.MultiDiscreteSpace(2, 3);
        var point = new DecisionPoint(new Composite(space), new DecisionPointOptions { Name = "composite", Seed = 1, LearnOnline = false });
        DecisionRecord record = point.Decide([]);
        Assert.Equal(5, record.Action);
        Assert.Equal([1, 2], record.ActionComponents.ToArray());
    }

    private sealed class Composite(RlCommons.Spaces.MultiDiscreteSpace space) : RlCommons.Policies.IMultiDiscretePolicy
    {
        public RlCommons.Spaces.MultiDiscreteSpace ActionSpace => space;

        public int ActionCount => space.JointCount;

        public int FeatureCount => 0;

        public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => new(space.ToJointIndex([1, 2]), 1, 0, false, 1, 1);

        public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        {
            probabilities.Clear();
            probabilities[5] = 1;
        }
    }

    [Theory]
    [InlineData(2, 0.5)]
    [InlineData(-1, 0.5)]
    [InlineData(0, 0.0)]
    [InlineData(0, 1.5)]
    [InlineData(0, double.PositiveInfinity)]
    public void Decide_PolicyReturnsAnInvalidDecision_ThrowsAndLogsNothing(int action, double propensity)
    {
        var point = new DecisionPoint(new Broken(action, propensity), new DecisionPointOptions { Name = "broken", Seed = 1, LearnOnline = false });
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => point.Decide([]));
        Assert.Contains("Nothing was logged", e.Message);
        Assert.Equal(0, point.DecisionLog.Count);
        Assert.Equal(0, point.GetStatistics().Decisions);
    }

    private sealed class Broken(int action, double propensity) : RlCommons.Policies.IPolicy
    {
        public int ActionCount => 2;

        public int FeatureCount => 0;

        public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => new(action, propensity, 0, false, 1, 1);

        public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => probabilities[0] = 1;
    }
}
