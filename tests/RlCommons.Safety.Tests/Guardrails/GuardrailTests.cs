using RlCommons.Randomness;
using RlCommons.Safety.Guardrails;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Guardrails;

public sealed class GuardrailTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    // The stated guardrail contract (docs/safety.md): rewards N(μ, 1), half the traffic treated, τ² = 0.2², α = 0.05.
    // A policy worse by 0.2 σ breaches within 2500 decisions in at least 95 % of 100 seeded runs; a policy that is
    // not worse breaches within 10 000 decisions in at most 5 %.
    private const int Runs = 100;
    private const double Margin = 0.2;

    internal static int DecisionsUntilBreach(double treatedShift, int maxDecisions, ulong seed)
    {
        var guardrail = new Guardrail(new GuardrailOptions { MixingVariance = Margin * Margin }, new FakeTimeProvider(T0));
        var noise = new Gaussian(seed);
        var route = new Xoshiro256Random(SeedSequence.Derive(seed, 1));
        for (int n = 1; n <= maxDecisions; n++)
        {
            bool breached = route.NextDouble() < 0.5
                ? guardrail.RecordTreated(noise.Next(treatedShift))
                : guardrail.RecordBaseline(noise.Next());
            if (breached)
            {
                return n;
            }
        }

        return -1;
    }

    [Fact]
    public void RecordTreated_PolicyWorseByMargin_BreachesWithin2500DecisionsInAtLeast95Percent()
    {
        int caught = Enumerable.Range(0, Runs).Count(run => DecisionsUntilBreach(-Margin, 2500, (ulong)run + 1000) > 0);

        Assert.True(caught >= 95, $"caught {caught} of {Runs}");
    }

    [Fact]
    public void RecordTreated_PolicyNotWorse_BreachesInAtMost5Percent()
    {
        int falseAlarms = Enumerable.Range(0, Runs).Count(run => DecisionsUntilBreach(0, 10_000, (ulong)run + 5000) > 0);

        Assert.True(falseAlarms <= 5, $"false alarms {falseAlarms} of {Runs}");
    }

    [Fact]
    public void RecordTreated_Breach_RaisesEventOnceWithReason()
    {
        var guardrail = new Guardrail(new GuardrailOptions { Name = "revenue", MixingVariance = 1, MinimumCountPerArm = 5 }, new FakeTimeProvider(T0));
        var breaches = new List<GuardrailBreach>();
        guardrail.Breached += (_, b) => breaches.Add(b);
        for (int i = 0; i < 200; i++)
        {
            guardrail.RecordBaseline(10 + (i % 3));
            guardrail.RecordTreated(5 + (i % 3));
        }

        GuardrailBreach breach = Assert.Single(breaches);
        Assert.Equal("revenue", breach.Guardrail);
        Assert.Contains("always-valid p", breach.Reason);
        Assert.Equal(T0, breach.At);
        Assert.Same(breach, guardrail.Breach);
    }

    [Fact]
    public void RecordTreated_LowerIsBetterMetricRises_Breaches()
    {
        var guardrail = new Guardrail(new GuardrailOptions { HigherIsBetter = false, MinimumCountPerArm = 5 }, new FakeTimeProvider(T0));
        bool breached = false;
        for (int i = 0; i < 200 && !breached; i++)
        {
            guardrail.RecordBaseline(1 + (i % 2));
            breached = guardrail.RecordTreated(4 + (i % 2));
        }

        Assert.True(breached);
    }

    [Fact]
    public void RecordTreated_BetterPolicy_DoesNotBreach()
    {
        var guardrail = new Guardrail(new GuardrailOptions { MinimumCountPerArm = 5 }, new FakeTimeProvider(T0));
        for (int i = 0; i < 200; i++)
        {
            guardrail.RecordBaseline(1 + (i % 2));
            Assert.False(guardrail.RecordTreated(4 + (i % 2)));
        }
    }

    [Fact]
    public void RecordViolation_ReachesMax_BreachesWithDescription()
    {
        var guardrail = new Guardrail(new GuardrailOptions { MaxViolations = 2 }, new FakeTimeProvider(T0));

        Assert.False(guardrail.RecordViolation("churn above 5%"));
        Assert.True(guardrail.RecordViolation("complaints above 1%"));
        Assert.Contains("complaints above 1%", guardrail.Breach!.Reason);
        Assert.Equal(2, guardrail.Breach.Violations);
        guardrail.Reset();
        Assert.Null(guardrail.Breach);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsProblems()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Guardrail(new GuardrailOptions { Name = "", MaxViolations = -1 }, TimeProvider.System));

        Assert.Contains("Name", ex.Message);
        Assert.Contains("MaxViolations", ex.Message);
    }
}
