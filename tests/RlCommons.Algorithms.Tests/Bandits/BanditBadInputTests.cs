using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>Bad input throws an ArgumentException naming the parameter and leaves the bandit's state byte-identical.</summary>
public class BanditBadInputTests
{
    public static TheoryData<string, double> BadRewards()
    {
        var data = new TheoryData<string, double>();
        foreach (string kind in BanditCatalog.MultiArmed.Concat(BanditCatalog.Linear))
        {
            data.Add(kind, double.NaN);
            data.Add(kind, double.PositiveInfinity);
            data.Add(kind, double.NegativeInfinity);
        }

        foreach (string kind in new[] { "ThompsonSampling", "Exp3" })
        {
            data.Add(kind, 1.0000001);
            data.Add(kind, -0.5);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadRewards))]
    public void Update_BadReward_ThrowsNamingRewardAndStateUnchanged(string kind, double reward)
    {
        Bandit bandit = Trained(kind);
        byte[] before = RawSnapshot.Take(bandit);
        float[] x = [0.5f, -0.25f, 1f];

        ArgumentException ex = bandit switch
        {
            MultiArmedBandit mab => Assert.ThrowsAny<ArgumentException>(() => mab.Update(0, reward)),
            LinearBandit linear => Assert.ThrowsAny<ArgumentException>(() => linear.Update(0, x, reward)),
            _ => throw new InvalidOperationException(),
        };

        Assert.Equal("reward", ex.ParamName);
        Assert.Equal(before, RawSnapshot.Take(bandit));

        ex = bandit switch
        {
            MultiArmedBandit mab => Assert.ThrowsAny<ArgumentException>(() => mab.Update("0", reward)),
            LinearBandit linear => Assert.ThrowsAny<ArgumentException>(() => linear.Update("0", x, reward)),
            _ => throw new InvalidOperationException(),
        };

        Assert.Equal("reward", ex.ParamName);
        Assert.Equal(before, RawSnapshot.Take(bandit));
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Update_UnknownRemovedOrUnnamedArm_ThrowsNamingArmAndStateUnchanged(string kind)
    {
        Bandit bandit = Trained(kind);
        Assert.True(bandit.RemoveArm("2"));
        byte[] before = RawSnapshot.Take(bandit);
        float[] x = [0.5f, -0.25f, 1f];

        var attempts = new List<Action>();
        if (bandit is MultiArmedBandit mab)
        {
            attempts.Add(() => mab.Update(3, 1));
            attempts.Add(() => mab.Update(-1, 1));
            attempts.Add(() => mab.Update(2, 1));
            attempts.Add(() => mab.Update(new Decision(2, 0.5, 0, false, 1, 1), 1));
            attempts.Add(() => mab.Update("2", 1));
            attempts.Add(() => mab.Update("nope", 1));
        }
        else
        {
            var linear = (LinearBandit)bandit;
            attempts.Add(() => linear.Update(3, x, 1));
            attempts.Add(() => linear.Update(-1, x, 1));
            attempts.Add(() => linear.Update(2, x, 1));
            attempts.Add(() => linear.Update("2", x, 1));
            attempts.Add(() => linear.Update("nope", x, 1));
            attempts.Add(() => linear.Predict(2, x));
        }

        foreach (Action attempt in attempts)
        {
            ArgumentException ex = Assert.ThrowsAny<ArgumentException>(attempt);
            Assert.Equal("arm", ex.ParamName);
            Assert.Equal(before, RawSnapshot.Take(bandit));
        }

        Assert.ThrowsAny<ArgumentException>(() => bandit.GetArmIndex("2"));
        Assert.Equal("2", bandit.GetArmName(2));
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.LinearKinds), MemberType = typeof(BanditCatalog))]
    public void UpdateAndDecide_BadFeatures_ThrowNamingFeaturesAndStateUnchanged(string kind)
    {
        var bandit = (LinearBandit)Trained(kind);
        byte[] before = RawSnapshot.Take(bandit);
        float[][] badFeatures = [[1f, 2f], [1f, 2f, 3f, 4f], [], [1f, float.NaN, 1f], [float.PositiveInfinity, 0f, 1f], [0f, 0f, float.NegativeInfinity]];

        foreach (float[] x in badFeatures)
        {
            Assert.Equal("features", Assert.ThrowsAny<ArgumentException>(() => bandit.Update(0, x, 1)).ParamName);
            Assert.Equal("features", Assert.ThrowsAny<ArgumentException>(() => bandit.Update("0", x, 1)).ParamName);
            Assert.Equal("features", Assert.ThrowsAny<ArgumentException>(() => bandit.Decide(x)).ParamName);
            Assert.Equal("features", Assert.ThrowsAny<ArgumentException>(() => bandit.Predict(0, x)).ParamName);
        }

        Assert.Equal(before, RawSnapshot.Take(bandit));
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.MultiArmedKinds), MemberType = typeof(BanditCatalog))]
    public void UpdateBatch_OneBadEntry_AppliesNothing(string kind)
    {
        var bandit = (MultiArmedBandit)Trained(kind);
        byte[] before = RawSnapshot.Take(bandit);

        ArgumentException badReward = Assert.ThrowsAny<ArgumentException>(() => bandit.Update([0, 1, 0], [1.0, double.NaN, 0.0]));
        ArgumentException badArm = Assert.ThrowsAny<ArgumentException>(() => bandit.Update([0, 1, 7], [1.0, 0.0, 0.0]));
        ArgumentException badLength = Assert.ThrowsAny<ArgumentException>(() => bandit.Update([0, 1], [1.0]));

        Assert.Equal("rewards[1]", badReward.ParamName);
        Assert.Equal("arms[2]", badArm.ParamName);
        Assert.Equal("rewards", badLength.ParamName);
        Assert.Equal(before, RawSnapshot.Take(bandit));

        bandit.Update([0, 1, 0], [1.0, 0.0, 1.0]);
        Assert.Equal(before.Length, RawSnapshot.Take(bandit).Length);
        Assert.NotEqual(before, RawSnapshot.Take(bandit));
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.LinearKinds), MemberType = typeof(BanditCatalog))]
    public void UpdateBatch_LinearOneBadEntry_AppliesNothing(string kind)
    {
        var bandit = (LinearBandit)Trained(kind);
        byte[] before = RawSnapshot.Take(bandit);
        float[] good = [1, 0, 1, 0, 1, 1];

        Assert.Equal("features[row 1]", Assert.ThrowsAny<ArgumentException>(() => bandit.Update([0, 1], [1, 0, 1, 0, float.NaN, 1], [1.0, 0.0])).ParamName);
        Assert.Equal("rewards[0]", Assert.ThrowsAny<ArgumentException>(() => bandit.Update([0, 1], good, [double.NaN, 0.0])).ParamName);
        Assert.Equal("arms[1]", Assert.ThrowsAny<ArgumentException>(() => bandit.Update([0, 9], good, [1.0, 0.0])).ParamName);
        Assert.Equal("features", Assert.ThrowsAny<ArgumentException>(() => bandit.Update([0, 1], good.AsSpan(0, 5), [1.0, 0.0])).ParamName);
        Assert.Equal(before, RawSnapshot.Take(bandit));

        bandit.Update([0, 1], good, [1.0, 0.0]);
        Assert.Equal(before.Length, RawSnapshot.Take(bandit).Length);
        Assert.NotEqual(before, RawSnapshot.Take(bandit));
    }

    private static Bandit Trained(string kind)
    {
        Bandit bandit = BanditCatalog.Create(kind, seed: 17);
        BanditCatalog.Play(bandit, new Random(17), 30);
        return bandit;
    }
}
