using RlCommons.Safety.Fallback;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Fallback;

public sealed class ApprenticeModeTests
{
    // The apprentice agrees with the baseline (action = context % 2) except on contexts divisible by `missEvery`.
    private static RulePolicy<int> Apprentice(int missEvery) => new("apprentice", c => c % missEvery == 0 ? 7 : c % 2);

    private static readonly RulePolicy<int> Baseline = new("baseline", c => c % 2);

    [Fact]
    public void Decide_BeforePromotion_BaselineActsAndMatchRateIsTracked()
    {
        var mode = new ApprenticeMode<int>(Apprentice(4), Baseline, new ApprenticeOptions { Window = 100, MinimumSample = 50 });
        for (int c = 1; c <= 100; c++)
        {
            ApprenticeDecision d = mode.Decide(c);
            Assert.Equal("baseline", d.Acted.PolicyId);
            Assert.Equal(c % 4 != 0, d.Matched);
        }

        Assert.Equal(0.75, mode.MatchRate);
        Assert.Equal(100, mode.Sample);
        Assert.False(mode.IsPromoted);
    }

    [Fact]
    public void Decide_MatchRateReachedAfterMinimumSample_PromotesOnceWithEvent()
    {
        var mode = new ApprenticeMode<int>(Apprentice(20), Baseline, new ApprenticeOptions { Window = 100, MinimumSample = 60, PromotionMatchRate = 0.95 });
        var events = new List<ApprenticePromotedEventArgs>();
        mode.Promoted += (_, e) => events.Add(e);

        int c = 1;
        while (!mode.IsPromoted && c < 1000)
        {
            mode.Decide(c++);
        }

        // 60 proposals with 3 misses (20, 40, 60): 57/60 = 0.95 reaches the rate exactly at the minimum sample.
        Assert.Equal(61, c);
        ApprenticePromotedEventArgs e = Assert.Single(events);
        Assert.Equal(0.95, e.MatchRate, 1e-15);
        Assert.Equal(60, e.Sample);
        Assert.Equal("apprentice", mode.Decide(20).Acted.PolicyId);
        Assert.Equal(7, mode.Decide(20).Acted.Decision.Action);
        Assert.Single(events);
    }

    [Fact]
    public void Decide_SlidingWindow_ForgetsOldMisses()
    {
        var apprentice = new StubPolicy("apprentice", 0);
        var mode = new ApprenticeMode<int>(apprentice, new StubPolicy("baseline", 0), new ApprenticeOptions { Window = 10, MinimumSample = 10, PromotionMatchRate = 1 });
        var wrong = new ApprenticeMode<int>(new StubPolicy("a", 1), new StubPolicy("baseline", 0), new ApprenticeOptions { Window = 10, MinimumSample = 10, PromotionMatchRate = 1 });
        for (int i = 0; i < 25; i++)
        {
            wrong.Decide(0);
        }

        Assert.Equal(0, wrong.MatchRate);
        Assert.Equal(10, wrong.Sample);
        for (int i = 0; i < 10; i++)
        {
            mode.Decide(0);
        }

        Assert.True(mode.IsPromoted);
    }

    [Fact]
    public void Decide_ApprenticeThrows_BaselineStillActsAndNothingCounted()
    {
        var mode = new ApprenticeMode<int>(new StubPolicy("a", 1) { Failure = new InvalidOperationException() }, Baseline, new ApprenticeOptions());

        ApprenticeDecision d = mode.Decide(3);

        Assert.Equal(1, d.Acted.Decision.Action);
        Assert.Null(d.Proposal);
        Assert.Equal(0, mode.Sample);
    }

    [Fact]
    public void Constructor_MinimumSampleAboveWindow_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ApprenticeMode<int>(Baseline, Baseline, new ApprenticeOptions { Window = 10, MinimumSample = 11 }));
        Assert.Contains("MinimumSample", ex.Message);
    }
}
