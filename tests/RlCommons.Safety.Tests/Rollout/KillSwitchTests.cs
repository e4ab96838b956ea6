using RlCommons.Decisions;
using RlCommons.Safety.Fallback;
using RlCommons.Safety.Rollout;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Rollout;

public sealed class KillSwitchTests
{
    [Fact]
    public void IsEngaged_PerPolicy_StopsOnlyThatPolicy()
    {
        var kill = new KillSwitch();
        kill.Engage("a");

        Assert.True(kill.IsEngaged("a"));
        Assert.False(kill.IsEngaged("b"));
        kill.Release("a");
        Assert.False(kill.IsEngaged("a"));
    }

    [Fact]
    public void IsEngaged_Global_StopsEveryPolicy()
    {
        var kill = new KillSwitch();
        kill.Engage();

        Assert.True(kill.IsEngaged("a"));
        Assert.True(kill.IsEngaged("b"));
        kill.Release();
        Assert.False(kill.IsEngaged("a"));
    }

    [Fact]
    public void IsEngaged_ForcedFromConfiguration_FollowsTheFlagSource()
    {
        // A host would read FORCE_BASELINE from its configuration into this flag.
        bool forceBaseline = false;
        var kill = new KillSwitch(() => Volatile.Read(ref forceBaseline));
        var selector = new SafeSelector(new StubPolicy("learned", 1), new StubPolicy("baseline", 0), new SafeSelectorOptions { LearnedShare = 1 }, kill);

        Assert.Equal(DecisionSource.Learned, selector.DecideOnce().Source);
        Volatile.Write(ref forceBaseline, true);
        Assert.Equal(DecisionSource.KillSwitch, selector.DecideOnce().Source);
        Assert.True(kill.IsGloballyEngaged);
    }

    [Fact]
    public void Engage_RaisesChangedWithPolicyId()
    {
        var kill = new KillSwitch();
        var seen = new List<string?>();
        kill.Changed += (_, id) => seen.Add(id);

        kill.Engage("p");
        kill.Engage();

        Assert.Equal(["p", null], seen);
    }

    [Fact]
    public void Engage_WhileEightThreadsDecide_NoLaterDecisionUsesLearnedPolicy()
    {
        var kill = new KillSwitch();
        var learned = new StubPolicy("learned", 1, 0.5);
        var selector = new SafeSelector(learned, new StubPolicy("baseline", 0), new SafeSelectorOptions { LearnedShare = 1 }, kill);
        long ticket = 0;
        long flipTicket = 0;
        var records = new List<(long Ticket, DecisionSource Source)>[8];

        var deciders = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            var mine = new List<(long, DecisionSource)>();
            int afterFlip = 0;
            while (afterFlip < 2000)
            {
                long my = Interlocked.Increment(ref ticket);
                mine.Add((my, selector.DecideOnce(t).Source));
                if (Volatile.Read(ref flipTicket) != 0)
                {
                    afterFlip++;
                }
            }

            records[t] = mine;
        })).ToArray();
        var flipper = new Thread(() =>
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref ticket) < 20_000)
            {
                spin.SpinOnce();
            }

            kill.Engage();
            Volatile.Write(ref flipTicket, Interlocked.Increment(ref ticket));
        });

        foreach (Thread th in deciders)
        {
            th.Start();
        }

        flipper.Start();
        flipper.Join();
        foreach (Thread th in deciders)
        {
            th.Join();
        }

        var all = records.SelectMany(r => r).ToList();
        Assert.Contains(all, r => r.Ticket < flipTicket && r.Source == DecisionSource.Learned);
        var after = all.Where(r => r.Ticket > flipTicket).ToList();
        Assert.True(after.Count >= 8 * 1000);
        Assert.All(after, r => Assert.Equal(DecisionSource.KillSwitch, r.Source));
    }
}
