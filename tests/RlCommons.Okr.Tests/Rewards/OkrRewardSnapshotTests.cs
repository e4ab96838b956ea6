using RlCommons.Okr.Dsl;
using RlCommons.Okr.Rewards;
using RlCommons.Okr.Tests.TestSupport;
using RlCommons.Rewards;
using RlCommons.Snapshots;

namespace RlCommons.Okr.Tests.Rewards;

public class OkrRewardSnapshotTests
{
    [Fact]
    public void Snapshot_RoundTrip_RestoresCountsAndNormalizationExactly()
    {
        Okr okr = Okr.Create("o").WithObjective("x").WithKeyResult("x", 1, Direction.Maximize).Build();
        var options = new OkrRewardOptions { NormalizeReward = true };
        var original = new OkrReward(okr, options);
        int[] actions = [0, 2, 2, 5, 0, 2];
        for (int i = 0; i < actions.Length; i++)
        {
            original.Compute(M.Of(("x", 0)), M.Of(("x", i * 0.7)), action: actions[i]);
        }

        var restored = new OkrReward(okr, options);
        Snapshot.Load(restored, Snapshot.ToBytes(original));

        Assert.Equal(3, restored.GetActionCount(2));
        Assert.Equal(2, restored.GetActionCount(0));
        Assert.Equal(1, restored.GetActionCount(5));
        RewardBreakdown expected = original.Compute(M.Of(("x", 0)), M.Of(("x", 1.3)), action: 2);
        RewardBreakdown actual = restored.Compute(M.Of(("x", 0)), M.Of(("x", 1.3)), action: 2);
        Assert.Equal(expected.Reward, actual.Reward);
        Assert.Equal(expected.Terms, actual.Terms);
    }

    [Fact]
    public void Snapshot_OfAnotherOkr_IsRejectedAndLeavesTheTargetUnchanged()
    {
        var source = new OkrReward(Okr.Create("a").WithObjective("x").WithKeyResult("x", 1, Direction.Maximize).Build());
        source.Compute(M.Of(("x", 0)), M.Of(("x", 0)), action: 1);
        var target = new OkrReward(Okr.Create("b").WithObjective("x").WithKeyResult("x", 1, Direction.Maximize).Build());
        target.Compute(M.Of(("x", 0)), M.Of(("x", 0)), action: 4);

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, Snapshot.ToBytes(source)));

        Assert.Equal("The snapshot belongs to the OKR 'a', not 'b'.", ex.Message);
        Assert.Equal(1, target.GetActionCount(4));
        Assert.Equal(0, target.GetActionCount(1));
    }
}
