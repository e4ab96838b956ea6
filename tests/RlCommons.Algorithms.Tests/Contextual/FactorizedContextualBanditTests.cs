using RlCommons.Algorithms.Contextual;
using RlCommons.Decisions;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Snapshots;
using Xunit.Abstractions;

namespace RlCommons.Algorithms.Tests.Contextual;

public class FactorizedContextualBanditTests(ITestOutputHelper output)
{
    private static FactorizedContextualBandit Create(long seed, int dimension = 3, double epsilon = 0.1) => new(
    [
        ("price", Component(["19", "29", "49", "79"], dimension, epsilon, seed)),
        ("discount", Component(["0%", "10%", "20%"], dimension, epsilon, seed + 1)),
        ("trial", Component(["0d", "7d", "14d"], dimension, epsilon, seed + 2)),
        ("headline", Component(["A", "B"], dimension, epsilon, seed + 3)),
        ("cta", Component(["A", "B"], dimension, epsilon, seed + 4)),
    ]);

    private static LinearEpsilonGreedyBandit Component(string[] arms, int dimension, double epsilon, long seed)
        => new(new LinearEpsilonGreedyOptions { Arms = arms, Dimension = dimension, Epsilon = epsilon, Seed = seed });

    [Fact]
    public void Constructor_PricingComponents_JointSpaceIsTheProduct()
    {
        FactorizedContextualBandit bandit = Create(1);
        Assert.Equal(144, bandit.ActionCount);
        Assert.Equal([4, 3, 3, 2, 2], bandit.ActionSpace.Counts.ToArray());
        Assert.Equal("price=49 | discount=0% | trial=14d | headline=B | cta=A", bandit.GetActionName(bandit.ActionSpace.ToJointIndex([2, 0, 2, 1, 0])));
    }

    [Fact]
    public void GetProbabilities_IsTheProductOfTheComponents_AndDecideReportsItsEntry()
    {
        FactorizedContextualBandit bandit = Create(2, epsilon: 0.3);
        float[] x = [1f, 0f, 0f];
        for (int i = 0; i < 30; i++)
        {
            bandit.Learn(x, (i * 37) % 144, i % 3, 1);
        }

        var joint = new double[144];
        bandit.GetProbabilities(x, joint);
        Assert.Equal(1.0, joint.Sum(), 12);
        var values = new int[5];
        for (int a = 0; a < 144; a++)
        {
            bandit.ActionSpace.FromJointIndex(a, values);
            double product = 1;
            for (int c = 0; c < 5; c++)
            {
                var p = new double[bandit.ActionSpace.Counts[c]];
                bandit.GetComponent(c).GetProbabilities(x, p);
                product *= p[values[c]];
            }

            Assert.Equal(product, joint[a], 14);
        }

        var filled = new double[144];
        for (int i = 0; i < 200; i++)
        {
            Decision d = bandit.Decide(x, filled);
            Assert.Equal(joint[d.Action], d.Propensity, 14);
            Assert.Equal(joint, filled);
        }
    }

    [Fact]
    public void Learn_JointAction_EachComponentLearnsItsValue()
    {
        FactorizedContextualBandit bandit = Create(3);
        float[] x = [0f, 1f, 0f];
        int action = bandit.ActionSpace.ToJointIndex([1, 2, 0, 1, 1]);
        bandit.Learn(x, action, 5, 1);
        Assert.Equal(5 * 1.0 / 2, bandit.GetComponent(0).Predict(1, x), 12);
        Assert.Equal(0, bandit.GetComponent(0).Predict(0, x));
        Assert.Equal(5 * 1.0 / 2, bandit.GetComponent(1).Predict(2, x), 12);
        Assert.Equal(1, bandit.GetComponent(4).UpdateCount);
    }

    [Fact]
    public void Learn_BadInput_ThrowsAndChangesNothing()
    {
        FactorizedContextualBandit bandit = Create(4);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Learn([1f, 0f, 0f], 144, 1, 1)).ParamName);
        Assert.Equal("reward", Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Learn([1f, 0f, 0f], 0, double.NaN, 1)).ParamName);
        Assert.Throws<ArgumentException>(() => bandit.Learn([1f, 0f], 0, 1, 1));
        Assert.All(Enumerable.Range(0, 5), c => Assert.Equal(0, bandit.GetComponent(c).UpdateCount));
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => bandit.Decide([1f, 0f, 0f], new double[10])).ParamName);
    }

    [Fact]
    public void Constructor_BadComponents_ThrowNamingThem()
    {
        Assert.Throws<ArgumentException>(() => new FactorizedContextualBandit([]));
        Assert.Contains("same features", Assert.Throws<ArgumentException>(() => new FactorizedContextualBandit([("a", Component(["x"], 3, 0.1, 1)), ("b", Component(["y"], 2, 0.1, 1))])).Message);
        Assert.Contains("not used by another", Assert.Throws<ArgumentException>(() => new FactorizedContextualBandit([("a", Component(["x"], 3, 0.1, 1)), ("a", Component(["y"], 3, 0.1, 1))])).Message);
    }

    [Fact]
    public void Decide_ArmsChangedAfterConstruction_Throws()
    {
        FactorizedContextualBandit bandit = Create(5);
        bandit.GetComponent(3).AddArm("C");
        Assert.Throws<InvalidOperationException>(() => bandit.Decide([1f, 0f, 0f], Span<double>.Empty));
    }

    [Fact]
    public void Snapshot_RoundTrip_SameDecisions()
    {
        FactorizedContextualBandit a = Create(6);
        float[] x = [0f, 0f, 1f];
        for (int i = 0; i < 50; i++)
        {
            Decision d = a.Decide(x, Span<double>.Empty);
            a.Learn(x, d.Action, d.Action % 7, d.Propensity);
        }

        FactorizedContextualBandit b = Create(99);
        Snapshot.Load(b, Snapshot.ToBytes(a));
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(a.Decide(x, Span<double>.Empty), b.Decide(x, Span<double>.Empty));
        }
    }

    [Fact]
    public void DecisionPoint_RecordsTheComponentsOfTheJointAction()
    {
        var point = new DecisionPoint(Create(7), new DecisionPointOptions { Name = "pricing", Seed = 1 });
        DecisionRecord record = point.Decide([1f, 0f, 0f]);
        Assert.Equal(5, record.ActionComponents.Length);
        Assert.Equal(record.Action, ((IMultiDiscretePolicy)point.Policy).ActionSpace.ToJointIndex(record.ActionComponents.Span));
        Assert.StartsWith("price=", record.ActionName, StringComparison.Ordinal);
    }

    /// <summary>
    /// The seed's pricing action space (price × discount × trial days × headline × CTA, 144 combinations) on a simulated
    /// demand model with three customer segments: conversion is logistic in the effective price with segment-specific
    /// sensitivity, plus small effects of the trial length and the copy; the reward is the realized margin of a visit
    /// (0 without a sale). After 30,000 decisions through a decision point with seed 0 the greedy policy earns, per visit
    /// averaged over segments: learned 23.64, best single configuration 18.73, per-segment optimum 24.78, uniformly
    /// random 14.65 (measured; the test asserts learned > best fixed and learned > 90% of the optimum).
    /// </summary>
    [Fact]
    public void Learn_PricingDemandModel_BeatsTheBestFixedConfiguration()
    {
        var point = new DecisionPoint(Create(0, epsilon: 0.1), new DecisionPointOptions { Name = "pricing", Seed = 0 });
        var bandit = (FactorizedContextualBandit)point.Policy;
        var random = new Xoshiro256Random(0);
        var values = new int[5];
        var x = new float[3];
        for (int t = 0; t < 30_000; t++)
        {
            int segment = random.Next(3);
            x.AsSpan().Clear();
            x[segment] = 1;
            DecisionRecord record = point.Decide(x);
            bandit.ActionSpace.FromJointIndex(record.Action, values);
            double sale = random.NextDouble() < Conversion(segment, values) ? Margin(values) : 0;
            point.Reward(record.EventId, sale);
        }

        double learned = 0, oracle = 0, uniform = 0;
        var greedy = new double[144];
        for (int segment = 0; segment < 3; segment++)
        {
            x.AsSpan().Clear();
            x[segment] = 1;
            bandit.GetProbabilities(x, greedy, explore: false);
            double best = double.NegativeInfinity;
            for (int a = 0; a < 144; a++)
            {
                double value = Expected(bandit, segment, a, values);
                learned += greedy[a] * value / 3;
                uniform += value / 144 / 3;
                best = Math.Max(best, value);
            }

            oracle += best / 3;
        }

        double bestFixed = Enumerable.Range(0, 144).Max(a => Enumerable.Range(0, 3).Average(s => Expected(bandit, s, a, values)));
        output.WriteLine($"learned {learned:F2}, best fixed {bestFixed:F2}, oracle {oracle:F2}, uniform {uniform:F2}");
        Assert.Equal(30_000, point.GetStatistics().RewardsLearned);
        Assert.True(learned > bestFixed, $"learned {learned:F2} ≤ best fixed configuration {bestFixed:F2}");
        Assert.True(learned > 0.9 * oracle, $"learned {learned:F2} < 90% of the per-segment optimum {oracle:F2}");
    }

    private static readonly double[] Prices = [19, 29, 49, 79];
    private static readonly double[] Discounts = [0, 0.1, 0.2];
    private static readonly double[] TrialDays = [0, 7, 14];
    private static readonly double[] Appetite = [1.0, 2.0, 3.5];
    private static readonly double[] Sensitivity = [1.2, 0.7, 0.4];

    private static double Conversion(int segment, int[] v)
    {
        double price = Prices[v[0]] * (1 - Discounts[v[1]]);
        double logit = Appetite[segment] - (Sensitivity[segment] * price / 10) + (0.15 * TrialDays[v[2]] / 7)
            + (v[3] == 1 ? (segment == 0 ? 0.3 : -0.1) : 0) + (v[4] == 1 ? 0.1 : 0);
        return 1 / (1 + Math.Exp(-logit));
    }

    // The price paid less the cost of the trial (1 per 7 days).
    private static double Margin(int[] v) => (Prices[v[0]] * (1 - Discounts[v[1]])) - (TrialDays[v[2]] / 7);

    private static double Expected(FactorizedContextualBandit bandit, int segment, int action, int[] values)
    {
        bandit.ActionSpace.FromJointIndex(action, values);
        return Conversion(segment, values) * Margin(values);
    }
}
