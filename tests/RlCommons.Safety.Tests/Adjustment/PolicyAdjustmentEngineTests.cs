using RlCommons.Safety.Adjustment;
using RlCommons.Safety.Registry;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Adjustment;

public sealed class PolicyAdjustmentEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(T0);
    private readonly NumericPolicy _policy = new(new Dictionary<string, double> { ["threshold"] = 0.5, ["weight"] = 2.0 });
    private readonly PolicyRegistry _registry;

    public PolicyAdjustmentEngineTests() => _registry = new PolicyRegistry(new InMemoryPolicyStore(), _clock);

    private PolicyAdjustmentEngine Engine(Func<AdjustmentProposal, CancellationToken, Task<bool>>? approve = null, int maxPerPeriod = 3)
    {
        var options = new AdjustmentOptions { AutoApplyMaxSize = 0.05, MaxAppliedPerPeriod = maxPerPeriod, RatePeriod = TimeSpan.FromDays(1), ApprovalTimeout = TimeSpan.FromMinutes(10) };
        options.Limits["threshold"] = new ParameterLimits(0, 1, 0.2);
        options.Limits["weight"] = new ParameterLimits(0, 10, 1);
        return new PolicyAdjustmentEngine(_policy, _registry, options, _clock, approve);
    }

    private static AdjustmentProposal Set(string name, double value, bool highStakes = false)
        => new(new Dictionary<string, double> { [name] = value }, "optimizer", "feedback says so", highStakes);

    [Fact]
    public void Propose_SmallChange_AppliedAfterSnapshot()
    {
        var engine = Engine();

        AdjustmentRecord r = engine.Propose(Set("threshold", 0.53));

        Assert.Equal(AdjustmentStatus.Applied, r.Status);
        Assert.Equal(0.03, r.Size, 1e-12);
        Assert.Equal(0.53, _policy["threshold"]);
        var before = new NumericPolicy(new Dictionary<string, double> { ["threshold"] = 0, ["weight"] = 0 });
        _registry.Restore(r.SnapshotVersion!.Value, before);
        Assert.Equal(0.5, before["threshold"]);
        Assert.Contains("before adjustment 1", _registry.Versions[^1].Reason);
    }

    [Fact]
    public void Propose_LargeChange_QueuedThenAppliedOnApproval()
    {
        var engine = Engine();

        AdjustmentRecord r = engine.Propose(Set("threshold", 0.6));
        Assert.Equal(AdjustmentStatus.PendingApproval, r.Status);
        Assert.Equal(0.5, _policy["threshold"]);
        Assert.Single(engine.Pending);

        AdjustmentRecord approved = engine.Approve(r.Id, "carol");
        Assert.Equal((AdjustmentStatus.Applied, "carol"), (approved.Status, approved.DecidedBy));
        Assert.Equal(0.6, _policy["threshold"]);
        Assert.Empty(engine.Pending);
        Assert.Equal(AdjustmentStatus.Applied, Assert.Single(engine.History).Status);
    }

    [Fact]
    public void Deny_Pending_KeepsPolicy()
    {
        var engine = Engine();
        AdjustmentRecord r = engine.Propose(Set("weight", 2.9));

        AdjustmentRecord denied = engine.Deny(r.Id, "carol", "not this quarter");

        Assert.Equal(AdjustmentStatus.Denied, denied.Status);
        Assert.Equal(["not this quarter"], denied.Problems);
        Assert.Equal(2.0, _policy["weight"]);
        Assert.Throws<InvalidOperationException>(() => engine.Approve(r.Id, "carol"));
    }

    [Theory]
    [InlineData("threshold", 1.2, "outside [0, 1]")]
    [InlineData("threshold", 0.75, "maximum step 0.2")]
    [InlineData("speed", 1.0, "not a parameter")]
    public void Propose_InvalidChange_RejectedWithReason(string name, double value, string expected)
    {
        var engine = Engine();

        AdjustmentRecord r = engine.Propose(Set(name, value));

        Assert.Equal(AdjustmentStatus.Rejected, r.Status);
        Assert.Contains(r.Problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(0.5, _policy["threshold"]);
    }

    [Fact]
    public void Propose_RateLimit_RejectsUntilWindowSlides()
    {
        var engine = Engine(maxPerPeriod: 2);
        Assert.Equal(AdjustmentStatus.Applied, engine.Propose(Set("weight", 2.1)).Status);
        _clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(AdjustmentStatus.Applied, engine.Propose(Set("weight", 2.2)).Status);

        AdjustmentRecord third = engine.Propose(Set("weight", 2.3));
        Assert.Equal(AdjustmentStatus.Rejected, third.Status);
        Assert.Contains("Rate limit", third.Problems[0]);

        _clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(AdjustmentStatus.Applied, engine.Propose(Set("weight", 2.3)).Status);
    }

    [Fact]
    public async Task ProposeAsync_HighStakesApproved_Applied()
    {
        AdjustmentProposal? seen = null;
        var engine = Engine((p, _) => { seen = p; return Task.FromResult(true); });

        AdjustmentRecord r = await engine.ProposeAsync(Set("threshold", 0.51, highStakes: true));

        Assert.Equal(AdjustmentStatus.Applied, r.Status);
        Assert.NotNull(seen);
        Assert.Equal(0.51, _policy["threshold"]);
    }

    [Fact]
    public async Task ProposeAsync_HighStakesRefused_Denied()
    {
        var engine = Engine((_, _) => Task.FromResult(false));

        AdjustmentRecord r = await engine.ProposeAsync(Set("threshold", 0.51, highStakes: true));

        Assert.Equal(AdjustmentStatus.Denied, r.Status);
        Assert.Equal(0.5, _policy["threshold"]);
    }

    [Fact]
    public async Task ProposeAsync_ApproverSilentPastTimeout_DeniedAndCallbackCancelled()
    {
        var never = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken callbackToken = default;
        var engine = Engine((_, token) => { callbackToken = token; return never.Task; });

        Task<AdjustmentRecord> pending = engine.ProposeAsync(Set("threshold", 0.51, highStakes: true));
        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(pending.IsCompleted);
        _clock.Advance(TimeSpan.FromMinutes(1));
        AdjustmentRecord r = await pending;

        Assert.Equal(AdjustmentStatus.Denied, r.Status);
        Assert.Contains("no approval within 00:10:00", r.Problems[0]);
        Assert.True(callbackToken.IsCancellationRequested);
        Assert.Equal(0.5, _policy["threshold"]);
    }

    [Fact]
    public void Propose_HighStakesSynchronously_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Engine().Propose(Set("threshold", 0.51, highStakes: true)));
    }

    [Fact]
    public void Constructor_InvalidLimits_ListsProblems()
    {
        var options = new AdjustmentOptions { MaxAppliedPerPeriod = 0 };
        options.Limits["x"] = new ParameterLimits(1, 0, 1);

        var ex = Assert.Throws<ArgumentException>(() => new PolicyAdjustmentEngine(_policy, _registry, options, _clock));

        Assert.Contains("'x'", ex.Message);
        Assert.Contains("MaxAppliedPerPeriod", ex.Message);
    }
}
