using RlCommons.Algorithms.Tests.Support;
using RlCommons.Contextual;
using RlCommons.Features;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests.Contextual;

/// <summary>The host-facing adapters ContextualBandit&lt;TContext&gt; and ContextualBandit&lt;TContext, TOutcome&gt;.</summary>
public class ContextualBanditTests
{
    [Fact]
    public void Decide_WithNormalizingExtractor_ReturnsFeaturesScoresAndArmName()
    {
        var adapter = Router.Create(seed: 1);
        adapter.Decide(new Request(10, 1));
        adapter.Decide(new Request(20, 3));

        ContextualDecision d = adapter.Decide(new Request(30, 2));

        // Running mean/variance after (10,1), (20,3), (30,2): means 20 and 2, variances 200/3 and 2/3.
        Assert.Equal(3, d.Features.Length);
        Assert.Equal((float)(10 / Math.Sqrt((200.0 / 3) + 1e-8)), d.Features[0], 5);
        Assert.Equal(0f, d.Features[1], 6);
        Assert.Equal(1f, d.Features[2]);
        Assert.Equal(adapter.Policy.ArmSlotCount, d.Scores.Length);
        Assert.Equal(adapter.Arms[adapter.Arms.ToList().IndexOf(d.Arm)], d.Arm);
        Assert.Equal(adapter.Policy.GetArmName(d.Action), d.Arm);
        Assert.Equal(d.Decision.Score, d.Scores[d.Action]);
        Assert.Equal(d.Decision.Propensity, d.Propensity);
        Assert.Equal(3, adapter.Policy.DecisionCount);
    }

    [Fact]
    public void Learn_Decision_UpdatesPolicyWithTheDecisionsFeatures()
    {
        var adapter = Router.Create(seed: 2);
        var twin = new LinUcbBandit(new LinUcbOptions { Arms = ["fast", "cheap"], Dimension = 3, Seed = 2 });
        ContextualDecision d = adapter.Decide(new Request(5, 1));

        adapter.Learn(d, 0.75);
        twin.Update(d.Action, d.Features, 0.75);

        Assert.Equal(Coefficients(twin, d.Action), Coefficients(adapter.Policy, d.Action));
        Assert.Equal(1, adapter.Policy.UpdateCount);
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
    public void Decide_WhileArmsAreAdded_NeverFailsOnTheScoresBuffer()
    {
        // Thread safety of Decide: the scores buffer must fit the arms at the moment the policy decides.
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
                ContextualDecision d = adapter.Decide(new Request(decisions, 1));
                Assert.True(d.Scores.Length > d.Action);
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
    public void Learn_Outcome_CalculatesRewardLearnsAndReturnsIt()
    {
        var adapter = Router.Create(seed: 4);
        var twin = new LinUcbBandit(new LinUcbOptions { Arms = ["fast", "cheap"], Dimension = 3, Seed = 4 });
        var request = new Request(8, 2);
        ContextualDecision d = adapter.Decide(request);

        double reward = adapter.Learn(d, request, new Outcome(Success: true, LatencySeconds: 2.5));
        twin.Update(d.Action, d.Features, 0.75);

        Assert.Equal(0.75, reward);
        Assert.Equal(Coefficients(twin, d.Action), Coefficients(adapter.Policy, d.Action));
        Assert.Equal(0.0, adapter.Learn(adapter.Decide(request), request, new Outcome(false, 1)));
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
            adapter.Learn(adapter.Decide(request), request, new Outcome(rng.Next(2) == 1, rng.NextDouble()));
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
        ContextualDecision a = adapter.Decide(request2);
        ContextualDecision b = restored.Decide(request2);
        Assert.Equal(a.Decision, b.Decision);
        Assert.Equal(a.Features, b.Features);
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
