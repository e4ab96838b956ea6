using System.Diagnostics.Metrics;
using RlCommons.Decisions;
using RlCommons.Safety.Fallback;
using RlCommons.Safety.Shield;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Shield;

public sealed class SafetyShieldTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Mask_BlockedActions_SetFalseAndCountedPerRule()
    {
        var clock = new FakeTimeProvider(T0);
        var shield = new SafetyShield([new PredicateRule("no-3", (_, a, _) => a != 3), new CooldownRule("cooldown", TimeSpan.FromHours(1), a => a > 0)], clock);
        shield.Record("u", 1);
        Span<bool> mask = [true, true, true, true];

        int left = shield.Mask("u", mask);

        Assert.Equal(1, left);
        Assert.Equal([true, false, false, false], mask.ToArray());
        Assert.Equal(1, shield.BlockCounts["no-3"]);
        Assert.Equal(2, shield.BlockCounts["cooldown"]);
    }

    [Fact]
    public void TryCommit_Blocked_NamesRuleAndRecordsNothing()
    {
        var clock = new FakeTimeProvider(T0);
        var budget = new BudgetRule("budget", 1, TimeSpan.FromDays(1));
        var shield = new SafetyShield([budget], clock);

        Assert.True(shield.TryCommit("u", 1).Allowed);
        ShieldVerdict second = shield.TryCommit("v", 1);

        Assert.Equal(new ShieldVerdict(false, "budget"), second);
        Assert.Equal(1, budget.Spent);
    }

    [Fact]
    public void TryCommit_EightThreadsAgainstBudget_NeverOverspends()
    {
        var shield = new SafetyShield([new BudgetRule("budget", 500, TimeSpan.FromDays(1))], new FakeTimeProvider(T0));
        int allowed = 0;

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            for (int i = 0; i < 200; i++)
            {
                if (shield.TryCommit($"u{t}-{i}", 1).Allowed)
                {
                    Interlocked.Increment(ref allowed);
                }
            }
        });

        Assert.Equal(500, allowed);
        Assert.Equal(1100, shield.BlockCounts["budget"]);
    }

    [Fact]
    public void Check_WithMeterFactory_ReportsBlocksOnRlCommonsMeter()
    {
        using var factory = new TestMeterFactory();
        var shield = new SafetyShield([new PredicateRule("never", (_, _, _) => false)], new FakeTimeProvider(T0), factory);
        var seen = new List<(long Value, string? Rule, string? Stage)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "RlCommons" && instrument.Name == "rlcommons.safety.shield.blocks")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? rule = null, stage = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                rule = tag.Key == "rule" ? (string?)tag.Value : rule;
                stage = tag.Key == "stage" ? (string?)tag.Value : stage;
            }

            seen.Add((value, rule, stage));
        });
        listener.Start();

        shield.Check("u", 1);
        shield.Mask("u", new bool[2]);
        shield.Mask("u", [true]);

        Assert.Equal([(1L, "never", "check"), (1L, "never", "mask")], seen);
    }

    [Fact]
    public void SafeSelector_ShieldRejectsLearnedAction_FallsBackAndRecordsBaseline()
    {
        var clock = new FakeTimeProvider(T0);
        var shield = new SafetyShield([new CooldownRule("cooldown", TimeSpan.FromHours(1), a => a == 1)], clock);
        var learned = new StubPolicy("learned", 1);
        var selector = new SafeSelector(learned, new StubPolicy("baseline", 0), new SafeSelectorOptions { LearnedShare = 1 }, shield: shield);

        Assert.Equal(DecisionSource.Learned, selector.Decide([], "u").Source);
        Decision second = selector.Decide([], "u");
        Assert.Equal(DecisionSource.ShieldReplaced, second.Source);
        Assert.Equal(0, second.Action);
        Assert.Equal(1.0, second.Propensity);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(DecisionSource.Learned, selector.Decide([], "u").Source);
        Assert.Equal(1, shield.BlockCounts["cooldown"]);

        // The deterministic learned policy's only action was blocked, so it did not decide the second time.
        Assert.Equal(2, learned.Decisions);
    }

    [Fact]
    public void Constructor_DuplicateRuleNames_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SafetyShield([new PredicateRule("x", (_, _, _) => true), new PredicateRule("x", (_, _, _) => true)], TimeProvider.System));
        Assert.Equal("rules", ex.ParamName);
    }
}
