using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;
using RlCommons.Policies;
using RlCommons.Algorithms.PolicyGradient;
using RlCommons.Safety.Fallback;

namespace RlCommons.Safety.Tests.Fallback;

/// <summary>
/// SafeSelector over real agents: the mixture propensity s·P_L(a) + (1 − s)·P_B(a) equals the analytic value of each
/// agent's distribution, and no agent decides for a decision it did not serve.
/// </summary>
public class SafeSelectorWithAgentsTests
{
    private const double Share = 0.3;

    [Fact]
    public void Decide_EpsilonGreedyRidgeLearned_PropensityIsTheAnalyticMixture()
    {
        // ε-greedy ridge trained so that arm 2 is the unique greedy arm for these features: P_L = ε/K + (1 − ε)·[a = 2].
        var learned = new LinearEpsilonGreedyBandit(new LinearEpsilonGreedyOptions { ArmCount = 4, Dimension = 2, Epsilon = 0.2, Seed = 3 });
        for (int i = 0; i < 20; i++)
        {
            learned.Update(2, [1f, 1f], 1.0);
            learned.Update(0, [1f, 1f], 0.2);
        }

        var counting = new Counting(learned);
        var baseline = new Counting(new RulePolicy(4, _ => 1, featureCount: 2));
        var selector = new SafeSelector(counting, baseline, new SafeSelectorOptions { LearnedShare = Share, Seed = 11 });

        AssertMixture(selector, counting, baseline, [1f, 1f], a => (0.2 / 4) + (a == 2 ? 0.8 : 0), a => a == 1 ? 1 : 0);
        Assert.Equal(counting.Decisions, learned.DecisionCount);
    }

    [Fact]
    public void Decide_SoftmaxBanditLearned_PropensityIsTheAnalyticMixture()
    {
        // Softmax over the arms' mean rewards at temperature τ: P_L(a) = exp(μ_a/τ) / Σ exp(μ_b/τ).
        var learned = new SoftmaxBandit(new SoftmaxOptions { ArmCount = 3, Temperature = 0.5, Seed = 5 });
        learned.Update(0, 0.2);
        learned.Update(1, 0.6);
        learned.Update(2, 1.0);
        double[] means = [0.2, 0.6, 1.0];
        double z = means.Sum(m => Math.Exp(m / 0.5));

        var counting = new Counting(learned);
        var baseline = new Counting(new RulePolicy(3, _ => 0));
        var selector = new SafeSelector(counting, baseline, new SafeSelectorOptions { LearnedShare = Share, Seed = 12 });

        AssertMixture(selector, counting, baseline, [], a => Math.Exp(means[a] / 0.5) / z, a => a == 0 ? 1 : 0);
        Assert.Equal(counting.Decisions, learned.DecisionCount);
    }

    [Fact]
    public void Decide_PpoCategoricalLearned_PropensityIsTheMixtureOfItsSoftmax()
    {
        // The PPO actor's categorical (checked against hand-computed softmax values in DeepPolicyContractTests), mixed
        // with a stochastic baseline whose distribution is known: (0.5, 0.25, 0.25).
        var learned = new PpoAgent(observationDimension: 3, actionCount: 3, new PpoOptions { Seed = 9 });
        float[] features = [0.3f, -0.7f, 1.2f];
        var pL = new double[3];
        ((IPolicy)learned).GetProbabilities(features, pL);
        Assert.Equal(1.0, pL.Sum(), 12);

        var counting = new Counting(learned);
        var baseline = new Counting(new RulePolicy(3, (ReadOnlySpan<float> _, Span<double> p) => { p[0] = 0.5; p[1] = 0.25; p[2] = 0.25; }, featureCount: 3, seed: 4));
        var selector = new SafeSelector(counting, baseline, new SafeSelectorOptions { LearnedShare = Share, Seed = 13 });

        AssertMixture(selector, counting, baseline, features, a => pL[a], a => a == 0 ? 0.5 : 0.25);
    }

    private static void AssertMixture(SafeSelector selector, Counting learned, Counting baseline, float[] features, Func<int, double> pLearned, Func<int, double> pBaseline)
    {
        int actions = ((IPolicy)selector).ActionCount;
        var expected = new double[actions];
        for (int a = 0; a < actions; a++)
        {
            expected[a] = (Share * pLearned(a)) + ((1 - Share) * pBaseline(a));
        }

        var reported = new double[actions];
        selector.GetProbabilities(features, reported);
        for (int a = 0; a < actions; a++)
        {
            Assert.Equal(expected[a], reported[a], 12);
        }

        int learnedServed = 0, baselineServed = 0;
        var filled = new double[actions];
        for (int i = 0; i < 2_000; i++)
        {
            Decision d = selector.Decide(features, filled);
            Assert.Equal(expected[d.Action], d.Propensity, 12);
            Assert.Equal(expected, filled, (x, y) => Math.Abs(x - y) < 1e-12);
            if (d.Source == RlCommons.Decisions.DecisionSource.Learned)
            {
                learnedServed++;
            }
            else
            {
                baselineServed++;
            }

            // No member decides for a decision it does not serve.
            Assert.Equal(learnedServed, learned.Decisions);
            Assert.Equal(baselineServed, baseline.Decisions);
        }

        Assert.InRange(learnedServed, 2_000 * (Share - 0.05), 2_000 * (Share + 0.05));
    }

    /// <summary>Counts the decisions a member makes.</summary>
    private sealed class Counting(IPolicy inner) : IPolicy
    {
        private long _decisions;

        public long Decisions => Interlocked.Read(ref _decisions);

        public int ActionCount => inner.ActionCount;

        public int FeatureCount => inner.FeatureCount;

        public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        {
            Interlocked.Increment(ref _decisions);
            return inner.Decide(features, probabilities, explore);
        }

        public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => inner.GetProbabilities(features, probabilities, explore);
    }
}
