using MathNet.Numerics.Distributions;
using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;
using RlCommons.Decisions;
using RlCommons.Policies;
using RlCommons.Algorithms.Tabular;

namespace RlCommons.Algorithms.Tests.Policies;

/// <summary>
/// The policy contract (<see cref="IPolicy"/>, <see cref="ILearningPolicy"/>) as every bandit and tabular agent implements
/// it: a distribution in [0, 1] that sums to 1, a decision whose propensity is that distribution's entry for its action,
/// the same distribution filled by Decide, determinism, no state moved by GetProbabilities, empirical frequencies that
/// match the reported probabilities, and bad input rejected with the parameter named. Thompson samplers run with their
/// default options (the numerical integral, accurate to 1e-6).
/// </summary>
public class BanditPolicyContractTests
{
    private const int Arms = 4;
    private const int Dimension = 3;
    private const int States = 5;

    /// <summary>The Thompson samplers' probabilities are numerical integrals; everything else is in closed form.</summary>
    private const double ThompsonTolerance = 1e-6;

    private static readonly string[] AllKinds =
    [
        "EpsilonGreedy", "Ucb1", "Softmax", "Exp3", "ThompsonSampling", "GaussianThompsonSampling",
        "LinUcb", "LinearThompsonSampling", "LinearEpsilonGreedy", "QLearning", "Sarsa",
    ];

    public static TheoryData<string> Kinds => [.. AllKinds];

    public static TheoryData<string, bool> KindsAndModes
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (string kind in AllKinds)
            {
                data.Add(kind, true);
                data.Add(kind, false);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndModes))]
    public void GetProbabilities_TrainedAgent_InUnitIntervalAndSumToOne(string kind, bool explore)
    {
        IPolicy policy = Trained(kind, seed: 3);
        var rng = new Random(4);
        var probabilities = new double[policy.ActionCount];
        for (int t = 0; t < 20; t++)
        {
            policy.GetProbabilities(Features(policy, rng), probabilities, explore);

            Assert.All(probabilities, p => Assert.InRange(p, 0.0, 1.0));
            Assert.Equal(1.0, probabilities.Sum(), Tolerance(kind) * policy.ActionCount);
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndModes))]
    public void Decide_AfterGetProbabilities_PropensityEqualsProbabilityOfAction(string kind, bool explore)
    {
        IPolicy policy = Trained(kind, seed: 5);
        var rng = new Random(6);
        var probabilities = new double[policy.ActionCount];
        for (int t = 0; t < 200; t++)
        {
            float[] x = Features(policy, rng);
            policy.GetProbabilities(x, probabilities, explore);
            Decision d = policy.Decide(x, Span<double>.Empty, explore);

            // The decision's propensity and GetProbabilities come from the same computation: equal bit for bit, even
            // for the Thompson samplers' integrals.
            Assert.Equal(probabilities[d.Action], d.Propensity);
            Assert.True(d.Propensity > 0, $"decision {t}: the chosen action had probability {d.Propensity}");
            Assert.Equal(DecisionSource.Learned, d.Source);
            Learn(policy, x, d, rng);
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndModes))]
    public void Decide_WithBuffer_FillsTheDistributionGetProbabilitiesReports(string kind, bool explore)
    {
        IPolicy policy = Trained(kind, seed: 7);
        var rng = new Random(8);
        var expected = new double[policy.ActionCount];
        var filled = new double[policy.ActionCount + 2];
        for (int t = 0; t < 100; t++)
        {
            float[] x = Features(policy, rng);
            policy.GetProbabilities(x, expected, explore);
            filled.AsSpan().Fill(-1);
            Decision d = policy.Decide(x, filled, explore);

            Assert.Equal(expected, filled[..policy.ActionCount]);
            Assert.Equal(-1.0, filled[^1]);
            Assert.Equal(filled[d.Action], d.Propensity);
            Learn(policy, x, d, rng);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decide_SameSeed_SameSequenceOfDecisions(string kind)
    {
        List<Decision> first = Run(Trained(kind, seed: 9), new Random(10), 300);
        List<Decision> second = Run(Trained(kind, seed: 9), new Random(10), 300);

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void GetProbabilities_Called_MovesNoCounterAndUsesNoRandomness(string kind)
    {
        IPolicy observed = Trained(kind, seed: 11);
        IPolicy twin = Trained(kind, seed: 11);
        var rng = new Random(12);
        var probabilities = new double[observed.ActionCount];
        for (int t = 0; t < 50; t++)
        {
            float[] x = Features(observed, rng);
            long before = DecisionCount(observed);
            observed.GetProbabilities(x, probabilities);
            observed.GetProbabilities(x, probabilities, explore: false);
            Assert.Equal(before, DecisionCount(observed));

            // The next decision is the one the twin, which never asked, makes.
            Assert.Equal(twin.Decide(x, []), observed.Decide(x, []));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decide_FrozenState_EmpiricalFrequenciesMatchProbabilities(string kind)
    {
        const int decisions = 20_000;
        IPolicy policy = Trained(kind, seed: 13);
        float[] x = Features(policy, new Random(14));
        var probabilities = new double[policy.ActionCount];
        var counts = new int[policy.ActionCount];
        for (int t = 0; t < decisions; t++)
        {
            counts[policy.Decide(x, []).Action]++;
        }

        policy.GetProbabilities(x, probabilities);

        // Pearson's chi-square over the actions with an expected count of 5 or more; the others must be (nearly) absent.
        // Threshold: the 1 − 1e-6 quantile, so a correct policy fails about once in a million runs (the seed is fixed).
        double chiSquare = 0;
        int cells = 0, rare = 0;
        for (int a = 0; a < counts.Length; a++)
        {
            double expected = probabilities[a] * decisions;
            if (expected >= 5)
            {
                chiSquare += (counts[a] - expected) * (counts[a] - expected) / expected;
                cells++;
            }
            else
            {
                rare += counts[a];
            }
        }

        Assert.True(rare <= 10, $"{rare} decisions went to actions with an expected count below 5.");
        if (cells > 1)
        {
            double critical = ChiSquared.InvCDF(cells - 1, 1 - 1e-6);
            Assert.True(chiSquare < critical, $"chi-square {chiSquare:F2} ≥ {critical:F2} over {cells} actions; counts [{string.Join(", ", counts)}], probabilities [{string.Join(", ", probabilities.Select(p => p.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}]");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void GetProbabilities_BufferTooShort_ThrowsNamingProbabilities(string kind)
    {
        IPolicy policy = Trained(kind, seed: 15);
        float[] x = Features(policy, new Random(16));

        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => policy.GetProbabilities(x, new double[policy.ActionCount - 1]));
        Assert.Equal("probabilities", e.ParamName);
        Assert.Contains($"{policy.ActionCount}", e.Message, StringComparison.Ordinal);
        e = Assert.ThrowsAny<ArgumentException>(() => policy.GetProbabilities(x, Span<double>.Empty));
        Assert.Equal("probabilities", e.ParamName);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decide_BufferTooShort_ThrowsNamingProbabilitiesAndDecidesNothing(string kind)
    {
        IPolicy policy = Trained(kind, seed: 17);
        float[] x = Features(policy, new Random(18));
        long before = DecisionCount(policy);

        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => policy.Decide(x, new double[policy.ActionCount - 1]));

        Assert.Equal("probabilities", e.ParamName);
        Assert.Equal(before, DecisionCount(policy));
    }

    [Theory]
    [InlineData("LinUcb")]
    [InlineData("LinearThompsonSampling")]
    [InlineData("LinearEpsilonGreedy")]
    [InlineData("QLearning")]
    [InlineData("Sarsa")]
    public void Decide_WrongFeatureLength_ThrowsNamingFeaturesAndDecidesNothing(string kind)
    {
        IPolicy policy = Trained(kind, seed: 19);
        float[] wrong = new float[policy.FeatureCount + 1];
        long before = DecisionCount(policy);

        ArgumentException decide = Assert.ThrowsAny<ArgumentException>(() => policy.Decide(wrong, []));
        ArgumentException probabilities = Assert.ThrowsAny<ArgumentException>(() => policy.GetProbabilities(wrong, new double[policy.ActionCount]));

        Assert.Equal("features", decide.ParamName);
        Assert.Equal("features", probabilities.ParamName);
        Assert.Contains($"{policy.FeatureCount}", decide.Message, StringComparison.Ordinal);
        Assert.Equal(before, DecisionCount(policy));
    }

    [Theory]
    [InlineData("QLearning", 1.5f)]
    [InlineData("QLearning", -1f)]
    [InlineData("Sarsa", States)]
    [InlineData("Sarsa", float.NaN)]
    public void Decide_TabularFeatureNotAStateIndex_ThrowsOutOfRangeNamingFeatures(string kind, float state)
    {
        IPolicy policy = Trained(kind, seed: 21);

        ArgumentOutOfRangeException decide = Assert.Throws<ArgumentOutOfRangeException>(() => policy.Decide([state], []));
        ArgumentOutOfRangeException probabilities = Assert.Throws<ArgumentOutOfRangeException>(() => policy.GetProbabilities([state], new double[policy.ActionCount]));

        Assert.Equal("features", decide.ParamName);
        Assert.Equal("features", probabilities.ParamName);
        Assert.Contains($"[0, {States})", decide.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EpsilonGreedy")]
    [InlineData("ThompsonSampling")]
    [InlineData("Exp3")]
    public void Decide_MultiArmedWithAnyFeatures_IgnoresThem(string kind)
    {
        IPolicy withFeatures = Trained(kind, seed: 23);
        IPolicy without = Trained(kind, seed: 23);

        Assert.Equal(0, withFeatures.FeatureCount);
        for (int t = 0; t < 20; t++)
        {
            Assert.Equal(without.Decide([], []), withFeatures.Decide([1f, float.NaN, 3f], []));
        }
    }

    [Fact]
    public void GetProbabilities_RemovedArm_KeepsItsSlotWithProbabilityZero()
    {
        var bandit = new ThompsonSamplingBandit(new ThompsonSamplingOptions { Arms = ["red", "green", "blue"], Seed = 25 });
        bandit.Update(2, 1.0);
        bandit.RemoveArm("green");
        IPolicy policy = bandit;
        var probabilities = new double[policy.ActionCount];

        policy.GetProbabilities([], probabilities);

        Assert.Equal(3, policy.ActionCount);
        Assert.Equal(0.0, probabilities[1]);
        Assert.Equal(1.0, probabilities.Sum(), ThompsonTolerance);
        Assert.Equal(new[] { "red", "green", "blue" }, Enumerable.Range(0, 3).Select(policy.GetActionName));
    }

    [Theory]
    [InlineData("ThompsonSampling")]
    [InlineData("GaussianThompsonSampling")]
    public void GetProbabilities_AfterUpdatesAndArmChanges_EqualsATwinThatNeverAsked(string kind)
    {
        // The Thompson samplers reuse a propensity until the state changes: every change must invalidate it.
        var asked = (MultiArmedBandit)Trained(kind, seed: 31);
        var twin = (MultiArmedBandit)Trained(kind, seed: 31);
        var probabilities = new double[Arms + 1];
        var expected = new double[Arms + 1];
        Action<MultiArmedBandit>[] changes =
        [
            b => b.Update(1, 1.0),
            b => b.RemoveArm("2"),
            b => b.AddArm("new"),
            b => b.Update(0, 0.0),
        ];

        foreach (Action<MultiArmedBandit> change in changes)
        {
            asked.GetProbabilities(probabilities);
            asked.Decide();
            twin.Decide();
            change(asked);
            change(twin);

            asked.GetProbabilities(probabilities);
            twin.GetProbabilities(expected);
            Assert.Equal(expected, probabilities);
            Assert.Equal(1.0, probabilities.Sum(), ThompsonTolerance);
        }

        Assert.Equal(0.0, probabilities[2]);
    }

    [Fact]
    public void Decide_LinearThompsonWithZeroContext_TiedPointMassesShareUniformly()
    {
        // x = 0 gives every arm the score 0 with variance 0: all arms tie, and the decision breaks the tie uniformly.
        IPolicy policy = Trained("LinearThompsonSampling", seed: 33);
        float[] zero = new float[Dimension];
        var probabilities = new double[Arms];

        policy.GetProbabilities(zero, probabilities);
        Decision d = policy.Decide(zero, []);

        Assert.All(probabilities, p => Assert.Equal(1.0 / Arms, p));
        Assert.Equal(1.0 / Arms, d.Propensity);
    }

    [Fact]
    public void Learn_Exp3WithLoggedPropensity_EqualsUpdateThroughTheDecision()
    {
        var direct = new Exp3Bandit(new Exp3Options { ArmCount = Arms, Seed = 27, Gamma = 0.2 });
        var viaContract = new Exp3Bandit(new Exp3Options { ArmCount = Arms, Seed = 27, Gamma = 0.2 });
        ILearningPolicy policy = viaContract;
        var rng = new Random(28);
        for (int t = 0; t < 50; t++)
        {
            Decision d = direct.Decide();
            Decision same = policy.Decide([], []);
            Assert.Equal(d, same);

            // A propensity logged by another policy (half the bandit's own) makes the importance weight differ.
            double reward = rng.NextDouble();
            direct.Update(d with { Propensity = d.Propensity / 2 }, reward);
            policy.Learn([], same.Action, reward, same.Propensity / 2);
        }

        var expected = new double[Arms];
        var actual = new double[Arms];
        direct.GetProbabilities(expected);
        policy.GetProbabilities([], actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Decide_EpsilonGreedyTies_SharesTheGreedyMassUniformly()
    {
        // Arms 1 and 3 tie for the best value: each gets ε/K + (1 − ε)/2, the others ε/K.
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = Arms, Seed = 29, Epsilon = 0.2 });
        bandit.Update(1, 1.0);
        bandit.Update(3, 1.0);
        var probabilities = new double[Arms];

        bandit.GetProbabilities(probabilities);

        Assert.Equal(new[] { 0.05, 0.05 + 0.4, 0.05, 0.05 + 0.4 }, probabilities);
    }

    /// <summary>An agent of <paramref name="kind"/> with some history, so that its probabilities are neither uniform nor degenerate.</summary>
    private static IPolicy Trained(string kind, long seed)
    {
        IPolicy policy = kind switch
        {
            "EpsilonGreedy" => new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = Arms, Seed = seed, Epsilon = 0.2 }),
            "Ucb1" => new Ucb1Bandit(new Ucb1Options { ArmCount = Arms, Seed = seed }),
            "Softmax" => new SoftmaxBandit(new SoftmaxOptions { ArmCount = Arms, Seed = seed, Temperature = 0.3 }),
            "Exp3" => new Exp3Bandit(new Exp3Options { ArmCount = Arms, Seed = seed, Gamma = 0.2 }),
            "ThompsonSampling" => new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = Arms, Seed = seed }),
            "GaussianThompsonSampling" => new GaussianThompsonSamplingBandit(new GaussianThompsonSamplingOptions { ArmCount = Arms, Seed = seed, PriorVariance = 0.25, NoiseVariance = 0.25 }),
            "LinUcb" => new LinUcbBandit(new LinUcbOptions { ArmCount = Arms, Dimension = Dimension, Seed = seed, Alpha = 0.5 }),
            "LinearThompsonSampling" => new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { ArmCount = Arms, Dimension = Dimension, Seed = seed, ExplorationScale = 0.5 }),
            "LinearEpsilonGreedy" => new LinearEpsilonGreedyBandit(new LinearEpsilonGreedyOptions { ArmCount = Arms, Dimension = Dimension, Seed = seed, Epsilon = 0.2 }),
            "QLearning" => new QLearningAgent(new QLearningOptions { StateCount = States, ActionCount = Arms, Seed = seed, Epsilon = 0.2, LearningRate = 0.5 }),
            "Sarsa" => new SarsaAgent(new SarsaOptions { StateCount = States, ActionCount = Arms, Seed = seed, Epsilon = 0.2, LearningRate = 0.5 }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown agent kind."),
        };

        Run(policy, new Random(1000 + (int)seed), 40);
        return policy;
    }

    /// <summary>Decide and learn <paramref name="steps"/> times through the contract; returns the decisions.</summary>
    private static List<Decision> Run(IPolicy policy, Random rng, int steps)
    {
        var decisions = new List<Decision>(steps);
        for (int t = 0; t < steps; t++)
        {
            float[] x = Features(policy, rng);
            Decision d = policy.Decide(x, []);
            decisions.Add(d);
            Learn(policy, x, d, rng);
        }

        return decisions;
    }

    /// <summary>Features the policy accepts: a context with small exact values and a bias, a state index, or nothing.</summary>
    private static float[] Features(IPolicy policy, Random rng) => policy switch
    {
        TabularAgent => [rng.Next(States)],
        _ when policy.FeatureCount == 0 => [],
        _ => [rng.Next(-4, 5) / 4f, rng.Next(0, 5) / 4f, 1f],
    };

    /// <summary>A reward in [0, 1] that favours higher actions, learned through <see cref="ILearningPolicy"/> or the tabular agent's own Learn.</summary>
    private static void Learn(IPolicy policy, float[] x, Decision d, Random rng)
    {
        double reward = rng.NextDouble() < 0.2 + (0.2 * d.Action) ? 1 : 0;
        switch (policy)
        {
            case ILearningPolicy learner:
                learner.Learn(x, d.Action, reward, d.Propensity);
                break;
            case QLearningAgent q:
                q.Learn((int)x[0], d.Action, reward, rng.Next(States), terminal: false);
                break;
            case SarsaAgent s:
                s.Learn((int)x[0], d.Action, reward, rng.Next(States), rng.Next(Arms), terminal: false);
                break;
            default:
                throw new ArgumentException("Unknown agent.", nameof(policy));
        }
    }

    private static long DecisionCount(IPolicy policy) => policy switch
    {
        Bandit bandit => bandit.DecisionCount,
        TabularAgent agent => agent.DecisionCount,
        _ => throw new ArgumentException("Unknown agent.", nameof(policy)),
    };

    private static double Tolerance(string kind) => kind.Contains("Thompson", StringComparison.Ordinal) ? ThompsonTolerance : 1e-12;
}
