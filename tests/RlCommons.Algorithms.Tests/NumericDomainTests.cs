using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;
using RlCommons.Algorithms.Offline;
using RlCommons.Algorithms.Tabular;
using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Tests.Tabular;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests;

/// <summary>
/// Regression tests of the hardening issue: finite but huge inputs used to pass validation and poison state (∞ or NaN)
/// that the agent's own snapshot loader then rejected. Inputs outside ±1e15 are now refused up front and change nothing;
/// the largest accepted inputs leave a state that round-trips through a snapshot.
/// </summary>
public class NumericDomainTests
{
    public static TheoryData<string> UnboundedRewardKinds => ["EpsilonGreedy", "Ucb1", "GaussianThompsonSampling", "Softmax"];

    [Theory]
    [MemberData(nameof(UnboundedRewardKinds))]
    public void Update_RewardBeyondDomain_ThrowsOutOfRangeNamingRewardAndStateUnchanged(string kind)
    {
        var bandit = (MultiArmedBandit)BanditCatalog.Create(kind, seed: 3);
        bandit.Update(0, 1);
        byte[] before = RawSnapshot.Take(bandit);

        foreach (double reward in new[] { 1e308, -1e308, 1.0000001e15, -1.0000001e15 })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Update(0, reward));
            Assert.Equal("reward", ex.ParamName);
            Assert.Contains("1E+015", ex.Message, StringComparison.Ordinal);
            Assert.Equal("rewards[1]", Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Update([0, 0], [1.0, reward])).ParamName);
        }

        Assert.Equal(before, RawSnapshot.Take(bandit));
    }

    [Theory]
    [MemberData(nameof(UnboundedRewardKinds))]
    public void Update_LargestAcceptedRewards_StateRoundTrips(string kind)
    {
        var bandit = (MultiArmedBandit)BanditCatalog.Create(kind, seed: 3);
        for (int i = 0; i < 200; i++)
        {
            bandit.Update(i % 3, i % 2 == 0 ? NumericDomain.RewardLimit : -NumericDomain.RewardLimit);
            bandit.Update(0, NumericDomain.RewardLimit);
        }

        AssertRoundTrips(bandit, BanditCatalog.Create(kind, seed: 9));
        var scores = new double[3];
        bandit.Decide(scores);
        Assert.All(scores, s => Assert.True(double.IsFinite(s)));
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.LinearKinds), MemberType = typeof(BanditCatalog))]
    public void Update_LinearInputsBeyondDomain_ThrowOutOfRangeAndStateUnchanged(string kind)
    {
        var bandit = (LinearBandit)BanditCatalog.Create(kind, seed: 3);
        bandit.Update(0, [1f, 1f, 1f], 1);
        byte[] before = RawSnapshot.Take(bandit);

        // The reproduction: Update(0, [3e38f, 1f], 1e300) poisoned A and b.
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Update(0, [3e38f, 1f, 1f], 1)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Update(0, [1f, -1.1e15f, 1f], 1)).ParamName);
        Assert.Equal("reward", Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Update(0, [1f, 1f, 1f], 1e300)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Decide([3e38f, 1f, 1f])).ParamName);
        Assert.ThrowsAny<ArgumentException>(() => bandit.Update(0, [3e38f, 1f, 1f], 1e300));

        Assert.Equal(before, RawSnapshot.Take(bandit));
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.LinearKinds), MemberType = typeof(BanditCatalog))]
    public void Update_LinearLargestAcceptedInputs_StateRoundTrips(string kind)
    {
        var bandit = (LinearBandit)BanditCatalog.Create(kind, seed: 3);
        float f = NumericDomain.FeatureLimit;
        double r = NumericDomain.RewardLimit;
        for (int i = 0; i < 100; i++)
        {
            bandit.Update(i % 3, [f, -f, 1f], r);
            bandit.Update(i % 3, [-f, -f, f], -r);
            bandit.Update(0, [f, f, f], i % 2 == 0 ? r : -r);
        }

        AssertRoundTrips(bandit, BanditCatalog.Create(kind, seed: 9));
        var scores = new double[3];
        bandit.Decide([f, -f, f], scores);
        Assert.All(scores, s => Assert.False(double.IsNaN(s)));
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Learn_RewardBeyondDomain_ThrowsOutOfRangeNamingRewardAndTableUnchanged(string kind)
    {
        TabularAgent agent = TabularCatalog.Create(kind, alpha: 1);
        TabularCatalog.Learn(agent, 0, 0, 1, 1, terminal: false);
        byte[] before = RawSnapshot.Take(agent);

        // The reproduction: Learn(0, 0, 1e308, 0, false) three times reached NaN.
        for (int i = 0; i < 3; i++)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TabularCatalog.Learn(agent, 0, 0, 1e308, 0, terminal: false));
            Assert.Equal("reward", ex.ParamName);
            Assert.Contains("1E+015", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, RawSnapshot.Take(agent));
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Learn_LargestAcceptedRewards_TableFiniteAndRoundTrips(string kind)
    {
        TabularAgent agent = kind == "QLearning"
            ? new QLearningAgent(new QLearningOptions { StateCount = 3, ActionCount = 3, LearningRate = 1, DiscountFactor = 1, InitialValue = NumericDomain.RewardLimit })
            : new SarsaAgent(new SarsaOptions { StateCount = 3, ActionCount = 3, LearningRate = 1, DiscountFactor = 1, InitialValue = NumericDomain.RewardLimit });
        for (int i = 0; i < 1000; i++)
        {
            TabularCatalog.Learn(agent, i % 3, i % 3, NumericDomain.RewardLimit, i % 3, terminal: false, nextAction: i % 3);
        }

        Assert.All(TabularCatalog.Table(agent), q => Assert.True(double.IsFinite(q)));
        AssertRoundTrips(agent, TabularCatalog.Create(kind));
    }

    [Fact]
    public void TabularOptions_InitialValueBeyondDomain_IsRejected()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new QLearningAgent(new QLearningOptions { StateCount = 2, ActionCount = 2, InitialValue = 1e300 }));
        Assert.Contains("InitialValue", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OfflineEstimator.InversePropensity)]
    [InlineData(OfflineEstimator.DoublyRobust)]
    public void OfflineLearn_InputsBeyondDomain_ThrowOutOfRangeAndStateUnchanged(OfflineEstimator estimator)
    {
        var learner = new OfflineContextualBandit(new OfflineBanditOptions { ArmCount = 2, Dimension = 2, Estimator = estimator, Seed = 5 });
        learner.Learn([1f, 1f], 0, 0.5, 1);
        byte[] before = RawSnapshot.Take(learner.Policy);

        // The reproduction: −3.4e38 features and a 1e300 reward gave NaN scores.
        Assert.ThrowsAny<ArgumentException>(() => learner.Learn([-3.4e38f, 1f], 0, 0.5, 1e300));
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => learner.Learn([-3.4e38f, 1f], 0, 0.5, 1)).ParamName);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => learner.Learn([1f, 1f], 0, 0.5, 1e300));
        Assert.Equal("reward", ex.ParamName);
        Assert.Contains("PropensityFloor", ex.Message, StringComparison.Ordinal);

        // Within ±1e15 but r / p̃ (p̃ ≥ PropensityFloor = 0.01) would leave the domain.
        Assert.Equal("reward", Assert.Throws<ArgumentOutOfRangeException>(() => learner.Learn([1f, 1f], 0, 0.5, 1e14)).ParamName);

        Assert.Equal(before, RawSnapshot.Take(learner.Policy));
        Assert.Equal(1L, learner.Report.Rows);
    }

    [Theory]
    [InlineData(OfflineEstimator.InversePropensity)]
    [InlineData(OfflineEstimator.DoublyRobust)]
    public void OfflineLearn_LargestAcceptedInputs_PolicyFiniteAndRoundTrips(OfflineEstimator estimator)
    {
        var learner = new OfflineContextualBandit(new OfflineBanditOptions { ArmCount = 2, Dimension = 2, Estimator = estimator, Seed = 5 });
        float f = NumericDomain.FeatureLimit;
        double r = NumericDomain.RewardLimit * 0.01;
        var rejected = 0;
        for (int i = 0; i < 200; i++)
        {
            try
            {
                learner.Learn(i % 2 == 0 ? [f, -f] : [-f, 1f], i % 2, 0.001, i % 3 == 0 ? r : -r);
            }
            catch (ArgumentOutOfRangeException ex) when (ex.ParamName == "reward")
            {
                rejected++; // a doubly robust target that the baseline pushes outside the domain: refused, nothing changes
            }
        }

        Assert.True(learner.Report.Rows + rejected == 200);
        Assert.All(new[] { 0, 1 }, k => Assert.True(double.IsFinite(learner.Policy.Predict(k, [f, -f]))));
        AssertRoundTrips(learner.Policy, new OfflineContextualBandit(new OfflineBanditOptions { ArmCount = 2, Dimension = 2, Estimator = estimator, Seed = 6 }).Policy);
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.MultiArmedKinds), MemberType = typeof(BanditCatalog))]
    public void Update_RandomFiniteAndExtremeInputs_RefusedExactlyOutsideTheDomainOrStateRoundTrips(string kind)
    {
        // A seeded property over 1,000 cases: each input is either refused with ArgumentException (state unchanged)
        // or accepted, and whatever state the run ends in saves and loads.
        Bandit bandit = BanditCatalog.Create(kind, seed: 4);
        var random = new Random(20261206);
        bool bounded = kind is "ThompsonSampling" or "Exp3";
        for (int i = 0; i < 1000; i++)
        {
            double reward = Extreme(random);
            int arm = random.Next(3);
            bool rewardOk = bounded ? reward is >= 0 and <= 1 : Math.Abs(reward) <= NumericDomain.RewardLimit;
            bool featuresOk = true;
            byte[] before = RawSnapshot.Take(bandit);
            try
            {
                ((MultiArmedBandit)bandit).Update(arm, reward);

                Assert.True(rewardOk && featuresOk, $"accepted reward {reward}");
            }
            catch (ArgumentException ex)
            {
                Assert.False(rewardOk && featuresOk, ex.Message);
                Assert.Equal(before, RawSnapshot.Take(bandit));
            }
        }

        AssertRoundTrips(bandit, BanditCatalog.Create(kind, seed: 8));
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Learn_RandomFiniteAndExtremeRewards_RefusedExactlyOutsideTheDomainOrStateRoundTrips(string kind)
    {
        TabularAgent agent = TabularCatalog.Create(kind, alpha: 1);
        var random = new Random(20261206);
        for (int i = 0; i < 1000; i++)
        {
            double reward = Extreme(random);
            bool ok = Math.Abs(reward) <= NumericDomain.RewardLimit;
            byte[] before = RawSnapshot.Take(agent);
            try
            {
                TabularCatalog.Learn(agent, random.Next(3), random.Next(3), reward, random.Next(3), terminal: false, nextAction: random.Next(3));
                Assert.True(ok, $"accepted reward {reward}");
            }
            catch (ArgumentOutOfRangeException ex)
            {
                Assert.False(ok, ex.Message);
                Assert.Equal(before, RawSnapshot.Take(agent));
            }
        }

        AssertRoundTrips(agent, TabularCatalog.Create(kind));
    }

    /// <summary>A random double, mostly finite: the domain's edges and their neighbours, the largest doubles, subnormals, and every decade in between.</summary>
    private static double Extreme(Random random)
    {
        double sign = random.Next(2) == 0 ? -1 : 1;
        return random.Next(12) switch
        {
            0 => sign * NumericDomain.RewardLimit,
            1 => sign * Math.BitIncrement(NumericDomain.RewardLimit),
            2 => sign * double.MaxValue,
            3 => sign * 1e308,
            4 => sign * double.Epsilon,
            5 => 0,
            6 => sign * 3e38,
            7 => random.Next(20) == 0 ? double.NaN : sign * double.PositiveInfinity,
            8 => sign * random.NextDouble(),
            _ => sign * random.NextDouble() * Math.Pow(10, random.Next(-300, 309)),
        };
    }

    private static void AssertRoundTrips(ISnapshotable source, ISnapshotable fresh)
    {
        byte[] bytes = RawSnapshot.Take(source);
        Snapshot.Load(fresh, bytes);
        Assert.Equal(bytes, RawSnapshot.Take(fresh));
    }
}
