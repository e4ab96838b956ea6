using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>Arms added and removed at runtime: stable indices, never reused, removed arms never chosen.</summary>
public class BanditArmTests
{
    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void AddRemoveArm_IndicesStableAndNeverReused(string kind)
    {
        Bandit bandit = BanditCatalog.Create(kind, seed: 2, arms: 3);

        Assert.True(bandit.RemoveArm("1"));
        Assert.False(bandit.RemoveArm("1"));
        Assert.False(bandit.RemoveArm("missing"));
        Assert.Equal(3, bandit.AddArm("x"));
        Assert.Equal(4, bandit.AddArm("1"));

        Assert.Equal(["0", "2", "x", "1"], bandit.Arms);
        Assert.Equal(4, bandit.ArmCount);
        Assert.Equal(5, bandit.ArmSlotCount);
        Assert.Equal(4, bandit.GetArmIndex("1"));
        Assert.Equal(2, bandit.GetArmIndex("2"));
        Assert.Equal("1", bandit.GetArmName(1));
        Assert.Equal("1", bandit.GetArmName(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => bandit.GetArmName(5));
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => bandit.AddArm("x")).ParamName);
        Assert.ThrowsAny<ArgumentException>(() => bandit.AddArm(" "));
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Decide_RemovedArm_NeverChosenAndScoredNaN(string kind)
    {
        Bandit bandit = BanditCatalog.Create(kind, seed: 4, arms: 3);
        BanditCatalog.Play(bandit, new Random(1), 100);
        bandit.RemoveArm("0");

        var rng = new Random(2);
        var scores = new double[bandit.ArmSlotCount];
        foreach (bool explore in new[] { true, false })
        {
            for (int t = 0; t < 500; t++)
            {
                float[] x = BanditCatalog.Context(rng);
                Decision d = BanditCatalog.Decide(bandit, x, explore, scores);
                Assert.NotEqual(0, d.Action);
                Assert.True(double.IsNaN(scores[0]));
                Assert.False(double.IsNaN(scores[1]));
                Assert.False(double.IsNaN(scores[2]));
                Assert.Equal(scores[d.Action], d.Score);
                BanditCatalog.Learn(bandit, d, x, rng.Next(2));
            }
        }
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Decide_NoActiveArm_ThrowsInvalidOperation(string kind)
    {
        Bandit empty = BanditCatalog.Create(kind, seed: 1, arms: 0);
        Assert.Throws<InvalidOperationException>(() => BanditCatalog.Decide(empty, [0f, 0f, 1f]));

        Bandit emptied = BanditCatalog.Create(kind, seed: 1, arms: 1);
        emptied.RemoveArm("0");
        Assert.Throws<InvalidOperationException>(() => BanditCatalog.Decide(emptied, [0f, 0f, 1f]));
        Assert.Equal(0, emptied.DecisionCount);
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Decide_ScoresBufferTooShort_ThrowsNamingScores(string kind)
    {
        Bandit bandit = BanditCatalog.Create(kind, seed: 1, arms: 3);
        bandit.RemoveArm("2");
        byte[] before = RawSnapshot.Take(bandit);

        // Two arms are active but three slots exist: the buffer needs ArmSlotCount entries.
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => BanditCatalog.Decide(bandit, [0f, 0f, 1f], scores: new double[2]));

        Assert.Equal("scores", ex.ParamName);
        Assert.Equal(before, RawSnapshot.Take(bandit));
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void AddArm_AfterSnapshotLoad_GrowsBeyondLoadedCapacity(string kind)
    {
        Bandit source = BanditCatalog.Create(kind, seed: 6, arms: 5);
        BanditCatalog.Play(source, new Random(6), 60);
        Bandit restored = BanditCatalog.Create(kind, seed: 6, arms: 1);
        RlCommons.Snapshots.Snapshot.Load(restored, RawSnapshot.Take(source));

        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(5 + i, restored.AddArm($"n{i}"));
            Assert.Equal(5 + i, source.AddArm($"n{i}"));
        }

        // Both continue identically, new arms included.
        Assert.Equal(BanditCatalog.Play(source, new Random(60), 200), BanditCatalog.Play(restored, new Random(60), 200));
        Assert.Equal(RawSnapshot.Take(source), RawSnapshot.Take(restored));
    }

    [Fact]
    public void AddArm_ManyArms_GrowsStorageAndKeepsState()
    {
        var bandit = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 1, Seed = 1 });
        bandit.Update(0, 0.75);
        for (int i = 1; i < 40; i++)
        {
            Assert.Equal(i, bandit.AddArm($"a{i}"));
        }

        var scores = new double[40];
        bandit.Decide(scores, explore: false);
        Assert.Equal(0.75, scores[0]);
        Assert.All(scores.Skip(1), s => Assert.Equal(0, s));
    }

    [Fact]
    public void AddArm_MultiArmed_NewArmStartsFromPrior()
    {
        var eg = new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = 1, Seed = 1, InitialValue = 0.3 });
        eg.Update(0, 1.0);
        int a = eg.AddArm("new");
        var scores = new double[2];
        eg.Decide(scores, explore: false);
        Assert.Equal(0.3, scores[a]);

        var ts = new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = 1, Seed = 1, PriorAlpha = 2, PriorBeta = 3 });
        ts.Update(0, 1.0);
        Assert.Equal((2.0, 3.0), ts.GetPosterior(ts.AddArm("new")));

        var gts = new GaussianThompsonSamplingBandit(new GaussianThompsonSamplingOptions { ArmCount = 1, Seed = 1, PriorMean = 0.2, PriorVariance = 4 });
        gts.Update(0, 1.0);
        Assert.Equal((0.2, 2.0), gts.GetPosterior(gts.AddArm("new")));

        var ucb = new Ucb1Bandit(new Ucb1Options { ArmCount = 2, Seed = 1 });
        ucb.Update(0, 1.0);
        ucb.Update(1, 1.0);
        int fresh = ucb.AddArm("new");
        Assert.Equal(fresh, ucb.Decide().Action);
        Assert.Equal(0, ucb.GetArmStatistics()[2].Pulls);
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.LinearKinds), MemberType = typeof(BanditCatalog))]
    public void AddArm_Linear_NewArmStartsFromZeroCoefficients(string kind)
    {
        var bandit = (LinearBandit)BanditCatalog.Create(kind, seed: 1, arms: 1);
        bandit.Update(0, [1f, 1f, 1f], 1.0);
        int a = bandit.AddArm("new");

        var theta = new double[3];
        bandit.GetCoefficients(a, theta);
        Assert.Equal([0.0, 0.0, 0.0], theta);
        Assert.Equal(0.0, bandit.Predict(a, [1f, 2f, 3f]));
        bandit.GetCoefficients(0, theta);
        Assert.NotEqual([0.0, 0.0, 0.0], theta);
    }
}
