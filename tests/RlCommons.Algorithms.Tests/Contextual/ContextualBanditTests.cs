using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Contextual;
using RlCommons.Decisions;
using RlCommons.Features;
using RlCommons.Policies;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests.Contextual;

/// <summary>The host-facing adapters ContextualBandit&lt;TContext&gt; and ContextualBandit&lt;TContext, TOutcome&gt;.</summary>
public class ContextualBanditTests
{
    [Fact]
    public void Decide_WithNormalizingExtractor_RecordsFeaturesArmAndPropensity()
    {
        var adapter = Router.Create(seed: 1);
        adapter.Decide(new Request(10, 1));
        adapter.Decide(new Request(20, 3));

        DecisionRecord d = adapter.Decide(new Request(30, 2));

        // Running mean/variance after (10,1), (20,3), (30,2): means 20 and 2, variances 200/3 and 2/3.
        float[] features = d.Features.ToArray();
        Assert.Equal(3, features.Length);
        Assert.Equal((float)(10 / Math.Sqrt((200.0 / 3) + 1e-8)), features[0], 5);
        Assert.Equal(0f, features[1], 6);
        Assert.Equal(1f, features[2]);
        Assert.Equal(adapter.Policy.GetArmName(d.Action), d.ActionName);
        Assert.Contains(d.ActionName, adapter.Arms);
        var probabilities = new double[adapter.Policy.ArmSlotCount];
        adapter.Policy.GetProbabilities(features, probabilities);
        Assert.Equal(probabilities[d.Action], d.Propensity);
        Assert.Equal(3, adapter.Policy.DecisionCount);
        Assert.Equal(3, d.Sequence);
        Assert.Equal(3, adapter.DecisionPoint.DecisionLog.Count);
        Assert.Equal(nameof(Router), d.DecisionPoint);
    }

    [Fact]
    public void Reward_EventId_UpdatesPolicyWithTheDecisionsFeaturesOnce()
    {
        var adapter = Router.Create(seed: 2);
        var twin = new LinUcbBandit(new LinUcbOptions { Arms = ["fast", "cheap"], Dimension = 3, Seed = 2 });
        DecisionRecord d = adapter.Decide(new Request(5, 1));

        Assert.Equal(RewardJoinStatus.Joined, adapter.Reward(d.EventId, 0.75).Status);
        Assert.Equal(RewardJoinStatus.Duplicate, adapter.Reward(d.EventId, 0.75).Status);
        twin.Update(d.Action, d.Features.Span, 0.75);

        Assert.Equal(Coefficients(twin, d.Action), Coefficients(adapter.Policy, d.Action));
        Assert.Equal(1, adapter.Policy.UpdateCount);
        Assert.Equal(1, adapter.DecisionPoint.GetStatistics().Duplicates);
    }

    [Fact]
    public void Reward_UnknownEventId_ReportedNotThrown()
    {
        var adapter = Router.Create(seed: 2);
        Assert.Equal(RewardJoinStatus.Unknown, adapter.Reward(DecisionId.Create(DateTimeOffset.UnixEpoch, 1, 1), 1).Status);
        Assert.Equal(0, adapter.Policy.UpdateCount);
    }

    [Fact]
    public void Adapter_IsAPolicyOnTheContract()
    {
        var adapter = Router.Create(seed: 8);
        IPolicy policy = adapter;
        float[] features = [0.5f, 0.25f, 1f];
        var fromAdapter = new double[policy.ActionCount];
        var fromPolicy = new double[policy.ActionCount];
        policy.GetProbabilities(features, fromAdapter);
        ((IPolicy)adapter.Policy).GetProbabilities(features, fromPolicy);
        Assert.Equal(fromPolicy, fromAdapter);
        Assert.Equal(3, policy.FeatureCount);
        Assert.Equal("cheap", policy.GetActionName(1));
    }

    [Fact]
    public void Learn_ContextAndArmName_ExtractsFeaturesAndUpdatesThatArm()
    {
        var adapter = Router.Create(seed: 3);
        adapter.Learn(new Request(4, 2), "cheap", 1.0);

        // One observation: normalized domain features are 0, so only the bias carries the reward: θ = (0, 0, 1/2).
        Assert.Equal([0.0, 0.0, 0.5], Coefficients(adapter.Policy, 1));
        Assert.Equal([0.0, 0.0, 0.0], Coefficients(adapter.Policy, 0));
        Assert.Equal(1, adapter.Extractor.Normalizer!.Count);
    }

    [Fact]
    public void Learn_ContextWithUnknownArmOrBadReward_ThrowsAndChangesNothing()
    {
        var adapter = Router.Create(seed: 3);
        adapter.Learn(new Request(4, 2), "cheap", 1.0);
        byte[] before = RawSnapshot.Take(adapter);

        Assert.Equal("arm", Assert.ThrowsAny<ArgumentException>(() => adapter.Learn(new Request(9, 1), "nope", 1.0)).ParamName);
        Assert.Equal("reward", Assert.ThrowsAny<ArgumentException>(() => adapter.Learn(new Request(9, 1), "fast", double.NaN)).ParamName);
        adapter.RemoveArm("fast");
        before = RawSnapshot.Take(adapter);
        Assert.Equal("arm", Assert.ThrowsAny<ArgumentException>(() => adapter.Learn(new Request(9, 1), "fast", 1.0)).ParamName);

        // The normalizer's statistics are part of the state: a rejected reward must not count its context.
        Assert.Equal(1, adapter.Extractor.Normalizer!.Count);
        Assert.Equal(before, RawSnapshot.Take(adapter));
    }

    [Fact]
    public void Decide_WhileArmsAreAdded_NeverFails()
    {
        // Thread safety of Decide: arms added while deciding never make a decision fail.
        var adapter = new Router(new LinUcbBandit(new LinUcbOptions { ArmCount = 1, Dimension = 3, Seed = 1 }), new RequestFeatures(normalize: false));
        var done = false;
        var adder = new Thread(() =>
        {
            for (int i = 0; i < 3000; i++)
            {
                adapter.AddArm($"a{i}");
            }

            Volatile.Write(ref done, true);
        });
        adder.Start();
        int decisions = 0;
        Exception? failure = null;
        while (!Volatile.Read(ref done) || decisions < 100)
        {
            try
            {
                DecisionRecord d = adapter.Decide(new Request(decisions, 1));
                Assert.True(d.Action < adapter.Policy.ArmSlotCount);
                decisions++;
            }
            catch (ArgumentException ex)
            {
                failure = ex;
                break;
            }
        }

        adder.Join();
        Assert.Null(failure);
    }

    [Fact]
    public void Reward_Outcome_CalculatesTheRewardAndLearnsIt()
    {
        var adapter = Router.Create(seed: 4);
        var twin = new LinUcbBandit(new LinUcbOptions { Arms = ["fast", "cheap"], Dimension = 3, Seed = 4 });
        var request = new Request(8, 2);
        DecisionRecord d = adapter.Decide(request);
        var outcome = new Outcome(Success: true, LatencySeconds: 2.5);

        Assert.Equal(RewardJoinStatus.Joined, adapter.Reward(d.EventId, request, outcome).Status);
        twin.Update(d.Action, d.Features.Span, 0.75);

        Assert.Equal(0.75, adapter.RewardOf(request, outcome));
        Assert.Equal(Coefficients(twin, d.Action), Coefficients(adapter.Policy, d.Action));
        Assert.True(adapter.DecisionPoint.DecisionLog.TryGet(d.EventId, out DecisionLogEntry? entry));
        Assert.Equal(0.75, entry.Reward);
        Assert.Equal(0.0, adapter.RewardOf(request, new Outcome(false, 1)));
        adapter.Reward(adapter.Decide(request).EventId, request, new Outcome(false, 1));
        Assert.Equal(2, adapter.Policy.UpdateCount);
    }

    [Fact]
    public void Snapshot_RoundTrip_IncludesNormalizerAndIsBitIdentical()
    {
        var adapter = Router.Create(seed: 5);
        var rng = new Random(5);
        for (int t = 0; t < 50; t++)
        {
            var request = new Request(rng.Next(1, 100), rng.Next(1, 4));
            adapter.Reward(adapter.Decide(request).EventId, request, new Outcome(rng.Next(2) == 1, rng.NextDouble()));
        }

        adapter.RemoveArm("cheap");
        adapter.AddArm("slow");
        byte[] bytes = RawSnapshot.Take(adapter);

        var restored = Router.Create(seed: 99);
        Snapshot.Load(restored, bytes);

        Assert.Equal(bytes, RawSnapshot.Take(restored));
        Assert.Equal(50, restored.Extractor.Normalizer!.Count);
        Assert.Equal(["fast", "slow"], restored.Arms);
        Assert.Equal("RlCommons.ContextualBandit(RlCommons.LinUcbBandit)", restored.SnapshotType);

        // Same state, same seed: the next decisions agree, features included (the normalizer was restored).
        var request2 = new Request(42, 2);
        DecisionRecord a = adapter.Decide(request2);
        DecisionRecord b = restored.Decide(request2);
        Assert.Equal(a.Action, b.Action);
        Assert.Equal(a.Propensity, b.Propensity);
        Assert.Equal(a.Seed, b.Seed);
        Assert.Equal(a.Features.ToArray(), b.Features.ToArray());
    }

    [Fact]
    public void Load_CorruptPolicyPart_ThrowsAndLeavesNormalizerAndPolicyUnchanged()
    {
        var source = Router.Create(seed: 6);
        source.Decide(new Request(1, 1));
        source.Decide(new Request(9, 3));
        byte[] payload = RawSnapshot.PayloadOf(source);

        // The policy part ends with the last arm's θ and a one-byte flag: make that θ entry NaN.
        BitConverter.TryWriteBytes(payload.AsSpan(payload.Length - 9), double.NaN);

        var target = Router.Create(seed: 7);
        target.Decide(new Request(100, 1));
        byte[] before = RawSnapshot.Take(target);

        Assert.Throws<SnapshotException>(() => Snapshot.Load(target, RawSnapshot.Wrap(target.SnapshotType, payload)));

        Assert.Equal(1, target.Extractor.Normalizer!.Count);
        Assert.Equal(before, RawSnapshot.Take(target));
    }

    [Fact]
    public void Load_CorruptNormalizerPart_ThrowsAndLeavesEverythingUnchanged()
    {
        var source = Router.Create(seed: 6);
        source.Decide(new Request(1, 1));
        byte[] payload = RawSnapshot.PayloadOf(source);

        // Layout: flag (1 byte), statistics length (4), statistics: dimension (4), count (8)… — make the count negative.
        BitConverter.TryWriteBytes(payload.AsSpan(1 + 4 + 4), -3L);

        var target = Router.Create(seed: 7);
        target.Decide(new Request(100, 1));
        byte[] before = RawSnapshot.Take(target);

        Assert.Throws<SnapshotException>(() => Snapshot.Load(target, RawSnapshot.Wrap(target.SnapshotType, payload)));
        Assert.Equal(before, RawSnapshot.Take(target));
    }

    [Fact]
    public void Load_NormalizerPresenceMismatch_Throws()
    {
        var normalizing = Router.Create(seed: 1);
        var plain = new Router(new LinUcbBandit(new LinUcbOptions { Arms = ["fast", "cheap"], Dimension = 3, Seed = 1 }), new RequestFeatures(normalize: false));

        Assert.Throws<SnapshotException>(() => Snapshot.Load(plain, RawSnapshot.Take(normalizing)));
        Assert.Throws<SnapshotException>(() => Snapshot.Load(normalizing, RawSnapshot.Take(plain)));
    }

    [Fact]
    public void Constructor_ExtractorDimensionDiffersFromPolicy_ThrowsNamingFeatures()
    {
        var policy = new LinUcbBandit(new LinUcbOptions { ArmCount = 2, Dimension = 4, Seed = 1 });

        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => new Router(policy, new RequestFeatures(normalize: true)));

        Assert.Equal("features", ex.ParamName);
    }

    [Fact]
    public void Decide_NoExtractorNoOverride_ThrowsInvalidOperation()
    {
        var adapter = new Bare(new LinUcbBandit(new LinUcbOptions { ArmCount = 2, Dimension = 2, Seed = 1 }));
        Assert.Throws<InvalidOperationException>(() => adapter.Decide(3));
    }

    private static double[] Coefficients(LinearBandit policy, int arm)
    {
        var theta = new double[policy.Dimension];
        policy.GetCoefficients(arm, theta);
        return theta;
    }

    private sealed record Request(double Size, double Priority);

    private sealed record Outcome(bool Success, double LatencySeconds);

    private sealed class RequestFeatures(bool normalize) : FeatureExtractor<Request>(2, new FeatureExtractorOptions { Normalize = normalize, IncludeBias = true })
    {
        protected override void ExtractDomainFeatures(Request input, Span<float> destination)
        {
            destination[0] = (float)input.Size;
            destination[1] = (float)input.Priority;
        }
    }

    private sealed class Router(LinearBandit policy, RequestFeatures features) : ContextualBandit<Request, Outcome>(policy, features)
    {
        public RequestFeatures Extractor { get; } = features;

        public static Router Create(long seed)
            => new(new LinUcbBandit(new LinUcbOptions { Arms = ["fast", "cheap"], Dimension = 3, Seed = seed, TimeProvider = FixedTimeProvider.Instance }), new RequestFeatures(normalize: true));

        // Success is worth 1, minus 0.1 per second of latency; a failure is worth 0.
        protected override double CalculateReward(Request context, Outcome outcome) => outcome.Success ? 1 - (0.1 * outcome.LatencySeconds) : 0;
    }

    private sealed class Bare(LinearBandit policy) : ContextualBandit<int>(policy);
}
