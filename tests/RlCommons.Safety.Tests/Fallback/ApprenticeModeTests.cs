using RlCommons.Decisions;
using RlCommons.Safety.Fallback;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Fallback;

public sealed class ApprenticeModeTests
{
    // The apprentice agrees with the baseline (action = context % 2) except on contexts divisible by `missEvery`.
    private static RulePolicy Apprentice(int missEvery) => new(8, f => (int)f[0] % missEvery == 0 ? 7 : (int)f[0] % 2, featureCount: 1);

    private static readonly RulePolicy Baseline = new(8, f => (int)f[0] % 2, featureCount: 1);

    [Fact]
    public void Decide_BeforePromotion_BaselineActsAndMatchRateIsTracked()
    {
        var apprentice = Apprentice(4);
        var mode = new ApprenticeMode(apprentice, Baseline, new ApprenticeOptions { Window = 100, MinimumSample = 50 });
        for (int c = 1; c <= 100; c++)
        {
            Decision d = mode.Decide([c], [], true, out int proposal);
            Assert.Equal(DecisionSource.Baseline, d.Source);
            Assert.Equal(c % 2, d.Action);
            Assert.Equal(c % 4 != 0, proposal == d.Action);
        }

        Assert.Equal(0.75, mode.MatchRate);
        Assert.Equal(100, mode.Sample);
        Assert.False(mode.IsPromoted);
        Assert.Equal(0, apprentice.Decisions);
    }

    [Fact]
    public void Decide_MatchRateReachedAfterMinimumSample_PromotesOnceWithEvent()
    {
        var mode = new ApprenticeMode(Apprentice(20), Baseline, new ApprenticeOptions { Window = 100, MinimumSample = 60, PromotionMatchRate = 0.95, ApprenticeId = "apprentice-v3" });
        var events = new List<ApprenticePromotedEventArgs>();
        mode.Promoted += (_, e) => events.Add(e);

        int c = 1;
        while (!mode.IsPromoted && c < 1000)
        {
            mode.DecideOnce(c++);
        }

        // 60 proposals with 3 misses (20, 40, 60): 57/60 = 0.95 reaches the rate exactly at the minimum sample.
        Assert.Equal(61, c);
        ApprenticePromotedEventArgs e = Assert.Single(events);
        Assert.Equal(0.95, e.MatchRate, 1e-15);
        Assert.Equal(60, e.Sample);
        Assert.Equal("apprentice-v3", e.PolicyId);
        Assert.Equal(DecisionSource.Learned, mode.DecideOnce(20).Source);
        Assert.Equal(7, mode.DecideOnce(20).Action);
        Assert.Equal(-1, Proposal(mode, 20));
        Assert.Single(events);
    }

    [Fact]
    public void Decide_SlidingWindow_ForgetsOldMisses()
    {
        var apprentice = new StubPolicy("apprentice", 0);
        var mode = new ApprenticeMode(apprentice, new StubPolicy("baseline", 0), new ApprenticeOptions { Window = 10, MinimumSample = 10, PromotionMatchRate = 1 });
        var wrong = new ApprenticeMode(new StubPolicy("a", 1), new StubPolicy("baseline", 0), new ApprenticeOptions { Window = 10, MinimumSample = 10, PromotionMatchRate = 1 });
        for (int i = 0; i < 25; i++)
        {
            wrong.DecideOnce();
        }

        Assert.Equal(0, wrong.MatchRate);
        Assert.Equal(10, wrong.Sample);
        for (int i = 0; i < 10; i++)
        {
            mode.DecideOnce();
        }

        Assert.True(mode.IsPromoted);
    }

    [Fact]
    public void Decide_ApprenticeThrows_BaselineStillActsAndNothingCounted()
    {
        var mode = new ApprenticeMode(new StubPolicy("a", 1) { Failure = new InvalidOperationException() }, new StubPolicy("baseline", 1), new ApprenticeOptions());

        Decision d = mode.Decide([3], [], true, out int proposal);

        Assert.Equal(1, d.Action);
        Assert.Equal(-1, proposal);
        Assert.Equal(0, mode.Sample);
        Assert.Equal(1, mode.ApprenticeFailures);
    }

    [Fact]
    public void Decide_PromotedApprenticeReturnsNaNPropensity_BaselineActsAsLearnedFailed()
    {
        var apprentice = new StubPolicy("a", 0);
        var mode = new ApprenticeMode(apprentice, new StubPolicy("baseline", 0), new ApprenticeOptions { Window = 1, MinimumSample = 1 });
        mode.DecideOnce();
        Assert.True(mode.IsPromoted);
        apprentice.ReturnedPropensity = double.NaN;

        Decision d = mode.DecideOnce();

        Assert.Equal(DecisionSource.LearnedFailed, d.Source);
        Assert.Equal(1.0, d.Propensity);
        Assert.Equal(1, mode.ApprenticeFailures);
    }

    [Fact]
    public void Decide_PromotedButNotReady_BaselineActs()
    {
        bool ready = true;
        var mode = new ApprenticeMode(new StubPolicy("a", 0), new StubPolicy("baseline", 0), new ApprenticeOptions { Window = 1, MinimumSample = 1, IsApprenticeReady = () => ready });
        mode.DecideOnce();
        ready = false;

        Assert.Equal(DecisionSource.NotReady, mode.DecideOnce().Source);
    }

    [Fact]
    public void GetProbabilities_BeforeAndAfterPromotion_IsTheActingMembersDistribution()
    {
        var apprentice = new StubPolicy("a", 1, 0.7, actionCount: 3);
        var baseline = new StubPolicy("baseline", 1, actionCount: 3);
        var mode = new ApprenticeMode(apprentice, baseline, new ApprenticeOptions { Window = 1, MinimumSample = 1 });

        Assert.Equal([0.0, 1.0, 0.0], mode.Distribution());
        Decision first = mode.DecideOnce();
        Assert.True(mode.IsPromoted);
        Decision second = mode.DecideOnce();

        Assert.Equal((DecisionSource.Baseline, 1.0), (first.Source, first.Propensity));
        Assert.Equal([0.15, 0.7, 0.15], mode.Distribution(), (x, y) => Math.Abs(x - y) < 1e-15);
        Assert.Equal((DecisionSource.Learned, 0.7), (second.Source, second.Propensity));
        Assert.Equal((1L, 1L), (apprentice.Decisions, baseline.Decisions));
    }

    [Fact]
    public void Constructor_MinimumSampleAboveWindow_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ApprenticeMode(Baseline, Baseline, new ApprenticeOptions { Window = 10, MinimumSample = 11 }));
        Assert.Contains("MinimumSample", ex.Message);
    }

    private static int Proposal(ApprenticeMode mode, float context)
    {
        mode.Decide([context], [], true, out int proposal);
        return proposal;
    }
}
