using RlCommons.Decisions;
using RlCommons.Policies;
using RlCommons.Safety.Fallback;
using RlCommons.Safety.Rollout;
using RlCommons.Safety.Shield;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Fallback;

/// <summary>
/// The mixtures' propensities against analytic values, for test policies with known distributions: ε-greedy
/// (ε = 0.2 over values [1, 3, 2, 0]: [0.05, 0.85, 0.05, 0.05]), softmax (logits ln 1, ln 2, ln 5: [1/8, 2/8, 5/8]) and
/// categorical ([0.4, 0.1, 0.2, 0.3] and [0.5, 0.3, 0.2]).
/// </summary>
public sealed class MixturePropensityTests
{
    private static readonly double[] EpsilonGreedy = [0.05, 0.85, 0.05, 0.05];
    private static readonly double[] Categorical4 = [0.4, 0.1, 0.2, 0.3];
    private static readonly double[] Softmax = [0.125, 0.25, 0.625];
    private static readonly double[] Categorical3 = [0.5, 0.3, 0.2];

    private static TablePolicy EpsilonGreedyPolicy() => new(4, _ => TablePolicy.EpsilonGreedy([1, 3, 2, 0], 0.2), seed: 11);

    private static TablePolicy SoftmaxPolicy() => new(3, _ => TablePolicy.Softmax([Math.Log(1), Math.Log(2), Math.Log(5)]), seed: 12);

    private static RulePolicy CategoricalRule(double[] p, ulong seed) => new(p.Length, (_, target) => p.CopyTo(target), seed: seed);

    [Fact]
    public void TestPolicies_KnownDistributions_MatchTheirClosedForms()
    {
        AssertClose(EpsilonGreedy, EpsilonGreedyPolicy().Distribution());
        AssertClose(Softmax, SoftmaxPolicy().Distribution());
        AssertClose(Categorical4, CategoricalRule(Categorical4, 1).Distribution());
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Decide_EpsilonGreedyLearnedCategoricalBaseline_PropensityIsAnalyticMixture(double share)
    {
        var learned = EpsilonGreedyPolicy();
        var baseline = CategoricalRule(Categorical4, 7);
        var selector = new SafeSelector(learned, baseline, new SafeSelectorOptions { LearnedShare = share, Seed = 5 });
        double[] expected = [.. Enumerable.Range(0, 4).Select(a => (share * EpsilonGreedy[a]) + ((1 - share) * Categorical4[a]))];

        AssertClose(expected, selector.Distribution());
        var decisions = Enumerable.Range(0, 2000).Select(_ => selector.DecideOnce()).ToList();

        Assert.All(decisions, d => Assert.Equal(expected[d.Action], d.Propensity, 1e-12));
        Assert.All(decisions, d => Assert.Contains(d.Source, new[] { DecisionSource.Learned, DecisionSource.Baseline }));

        // Only the member that served a decision decided it.
        Assert.Equal(decisions.Count(d => d.Source == DecisionSource.Learned), learned.Decisions);
        Assert.Equal(decisions.Count(d => d.Source == DecisionSource.Baseline), baseline.Decisions);
    }

    [Fact]
    public void Decide_SoftmaxLearnedDeterministicBaseline_PropensityIsAnalyticMixture()
    {
        var learned = SoftmaxPolicy();
        var baseline = new RulePolicy(3, _ => 2);
        var selector = new SafeSelector(learned, baseline, new SafeSelectorOptions { LearnedShare = 0.4, Seed = 9 });

        // 0.4·[1/8, 2/8, 5/8] + 0.6·[0, 0, 1].
        double[] expected = [0.05, 0.1, 0.85];
        AssertClose(expected, selector.Distribution());
        var decisions = Enumerable.Range(0, 2000).Select(_ => selector.DecideOnce()).ToList();

        Assert.All(decisions, d => Assert.Equal(expected[d.Action], d.Propensity, 1e-12));
        Assert.Equal(decisions.Count(d => d.Source == DecisionSource.Learned), learned.Decisions);
        Assert.Equal(decisions.Count(d => d.Source == DecisionSource.Baseline), baseline.Decisions);
    }

    [Fact]
    public void Decide_EnsembleOfCategoricalAndSoftmax_PropensityIsAnalyticMixture()
    {
        var categorical = new TablePolicy(3, _ => Categorical3, seed: 3);
        var softmax = SoftmaxPolicy();
        var router = new EnsembleRouter([(categorical, 1.0), (softmax, 3.0)], seed: 21);

        // ([0.5, 0.3, 0.2] + 3·[1/8, 2/8, 5/8]) / 4.
        double[] expected = [0.21875, 0.2625, 0.51875];
        AssertClose(expected, router.Distribution());
        var decisions = Enumerable.Range(0, 2000).Select(_ => (Decision: router.Decide([], [], true, out int member), Member: member)).ToList();

        Assert.All(decisions, d => Assert.Equal(expected[d.Decision.Action], d.Decision.Propensity, 1e-12));
        Assert.Equal(decisions.Count(d => d.Member == 0), categorical.Decisions);
        Assert.Equal(decisions.Count(d => d.Member == 1), softmax.Decisions);
    }

    [Fact]
    public void Decide_ProbabilitiesBuffer_ReceivesTheMixtureAndPropensityIsItsEntry()
    {
        var selector = new SafeSelector(SoftmaxPolicy(), CategoricalRule(Categorical3, 2), new SafeSelectorOptions { LearnedShare = 0.7, Seed = 1 });
        double[] p = new double[3];

        for (int i = 0; i < 200; i++)
        {
            Decision d = selector.Decide([], p);

            Assert.Equal(p[d.Action], d.Propensity, 1e-15);
            AssertClose([0.2375, 0.265, 0.4975], p);
        }
    }

    [Fact]
    public void Decide_ManyDecisions_FrequenciesMatchTheMixture()
    {
        const int N = 40_000;
        var selector = new SafeSelector(EpsilonGreedyPolicy(), CategoricalRule(Categorical4, 8), new SafeSelectorOptions { LearnedShare = 0.3, Seed = 17 });
        double[] mixture = selector.Distribution();
        int[] counts = new int[4];
        for (int i = 0; i < N; i++)
        {
            counts[selector.DecideOnce().Action]++;
        }

        // Fixed seeds, so the outcome is fixed; the bound is 4 binomial standard deviations (at most 0.01 here).
        for (int a = 0; a < 4; a++)
        {
            double bound = 4 * Math.Sqrt(mixture[a] * (1 - mixture[a]) / N);
            Assert.InRange((double)counts[a] / N, mixture[a] - bound, mixture[a] + bound);
        }
    }

    [Fact]
    public void Decide_EnsembleManyDecisions_FrequenciesMatchTheMixture()
    {
        const int N = 40_000;
        var router = new EnsembleRouter([(new TablePolicy(3, _ => Categorical3, seed: 4), 1.0), (SoftmaxPolicy(), 3.0)], seed: 22);
        double[] mixture = router.Distribution();
        int[] counts = new int[3];
        for (int i = 0; i < N; i++)
        {
            counts[router.DecideOnce().Action]++;
        }

        for (int a = 0; a < 3; a++)
        {
            double bound = 4 * Math.Sqrt(mixture[a] * (1 - mixture[a]) / N);
            Assert.InRange((double)counts[a] / N, mixture[a] - bound, mixture[a] + bound);
        }
    }

    [Fact]
    public void Decide_ShieldBlocksPartOfASoftmax_PropensityIsTheRoutesEffectiveDistribution()
    {
        var shield = new SafetyShield([new PredicateRule("no-2", (_, a, _) => a != 2)], TimeProvider.System);
        var learned = SoftmaxPolicy();
        var selector = new SafeSelector(learned, new RulePolicy(3, _ => 0), new SafeSelectorOptions { LearnedShare = 1 }, shield: shield);

        // Q_L = [1/8, 2/8, 0] + (5/8)·[1, 0, 0].
        double[] expected = [0.75, 0.25, 0];
        double[] forUnit = new double[3];
        selector.GetProbabilities([], "u", forUnit);
        AssertClose(expected, forUnit);
        var decisions = Enumerable.Range(0, 4000).Select(_ => selector.Decide([], "u")).ToList();

        Assert.All(decisions, d => Assert.Equal(expected[d.Action], d.Propensity, 1e-12));
        Assert.All(decisions.Where(d => d.Source == DecisionSource.ShieldReplaced), d => Assert.Equal(0, d.Action));
        Assert.InRange(decisions.Count(d => d.Source == DecisionSource.ShieldReplaced) / 4000.0, 0.625 - 0.031, 0.625 + 0.031);
        Assert.Equal(decisions.Count(d => d.Source == DecisionSource.ShieldReplaced), shield.BlockCounts["no-2"]);
    }

    [Fact]
    public void Decide_KillSwitchFlipped_VeryNextDecisionUsesBaseline()
    {
        var kill = new KillSwitch();
        var learned = SoftmaxPolicy();
        var selector = new SafeSelector(learned, CategoricalRule(Categorical3, 3), new SafeSelectorOptions { LearnedShare = 1 }, kill);
        Assert.Equal(DecisionSource.Learned, selector.DecideOnce().Source);

        kill.Engage();
        Decision stopped = selector.DecideOnce();
        kill.Release();
        Decision resumed = selector.DecideOnce();

        Assert.Equal(DecisionSource.KillSwitch, stopped.Source);
        Assert.Equal(Categorical3[stopped.Action], stopped.Propensity, 1e-15);
        Assert.Equal(DecisionSource.Learned, resumed.Source);
        Assert.Equal(Softmax[resumed.Action], resumed.Propensity, 1e-12);
        Assert.Equal(2, learned.Decisions);
    }

    [Fact]
    public void Decide_KillSwitchSourceThrows_BaselineActsCountedAndLogged()
    {
        var logger = new ListLogger<KillSwitch>();
        var kill = new KillSwitch(() => throw new InvalidOperationException("flag store down"), logger);
        var learned = new StubPolicy("learned", 1);
        var selector = new SafeSelector(learned, new StubPolicy("baseline", 0), new SafeSelectorOptions { LearnedShare = 1 }, kill);

        Decision d = selector.DecideOnce();

        Assert.Equal((DecisionSource.KillSwitch, 0, 1.0), (d.Source, d.Action, d.Propensity));
        Assert.Equal(1, kill.SourceFailures);
        Assert.Equal(0, learned.Decisions);
        Assert.Contains(logger.Entries, e => e.EventId == 7003 && e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Theory]
    [InlineData(8, 1.0)]
    [InlineData(-1, 1.0)]
    [InlineData(1, double.NaN)]
    [InlineData(1, 0.0)]
    [InlineData(1, double.PositiveInfinity)]
    [InlineData(1, 1.5)]
    [InlineData(1, -0.5)]
    public void Decide_LearnedReturnsInvalidDecision_BaselineActsAsLearnedFailed(int action, double propensity)
    {
        var learned = new StubPolicy("learned", 1) { ReturnedAction = action, ReturnedPropensity = propensity };
        var baseline = new StubPolicy("baseline", 0);
        var selector = new SafeSelector(learned, baseline, new SafeSelectorOptions { LearnedShare = 1 });
        var failures = new List<PolicyFailedEventArgs>();
        selector.LearnedFailed += (_, e) => failures.Add(e);

        Decision d = selector.DecideOnce();

        Assert.Equal((DecisionSource.LearnedFailed, 0, 1.0), (d.Source, d.Action, d.Propensity));
        Assert.Equal(1, selector.LearnedFailures);
        Assert.IsType<InvalidOperationException>(Assert.Single(failures).Error);
        Assert.Equal(1, baseline.Decisions);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(0.3)]
    public void Decide_LearnedReturnsInvalidProbabilities_BaselineActsAndLearnedDoesNotDecide(double first)
    {
        var learned = new TablePolicy(2, _ => [first, 0.5]);
        var selector = new SafeSelector(learned, new RulePolicy(2, _ => 1), new SafeSelectorOptions { LearnedShare = 0.5, Seed = 2 });

        var decisions = Enumerable.Range(0, 20).Select(_ => selector.DecideOnce()).ToList();

        // Routed to the learned policy: LearnedFailed; routed to the baseline: Baseline. Either way the baseline's action with P = 1.
        Assert.All(decisions, d => Assert.Equal((1, 1.0), (d.Action, d.Propensity)));
        Assert.Contains(decisions, d => d.Source == DecisionSource.LearnedFailed);
        Assert.Equal(0, learned.Decisions);
        Assert.Equal(20, selector.LearnedFailures);
    }

    [Fact]
    public void Decide_EnsembleMemberReturnsInvalidProbabilities_LeftOutOfTheMixture()
    {
        var broken = new TablePolicy(3, _ => [double.PositiveInfinity, 0, 0]);
        var router = new EnsembleRouter([(broken, 5.0), (new TablePolicy(3, _ => Categorical3), 1.0)]);

        Decision d = router.DecideOnce();

        Assert.Equal(Categorical3[d.Action], d.Propensity, 1e-15);
        Assert.Equal(0, broken.Decisions);
        Assert.Equal(1, router.MemberFailures);
    }

    [Fact]
    public void GetProbabilities_Selector_MovesNoCounter()
    {
        var learned = SoftmaxPolicy();
        var baseline = CategoricalRule(Categorical3, 3);
        IPolicy selector = new SafeSelector(learned, baseline, new SafeSelectorOptions { LearnedShare = 0.5 });

        selector.Distribution();

        Assert.Equal((0L, 0L, 1L), (learned.Decisions, baseline.Decisions, learned.Queries));
    }

    [Fact]
    public void Decide_ShareOneWithoutChecks_LearnedDecidesOnceAndIsNotQueried()
    {
        var learned = SoftmaxPolicy();
        var selector = new SafeSelector(learned, new RulePolicy(3, _ => 0), new SafeSelectorOptions { LearnedShare = 1 });

        Decision d = selector.DecideOnce();

        Assert.Equal(Softmax[d.Action], d.Propensity, 1e-12);
        Assert.Equal((1L, 0L), (learned.Decisions, learned.Queries));
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int a = 0; a < expected.Length; a++)
        {
            Assert.Equal(expected[a], actual[a], 1e-12);
        }
    }
}
