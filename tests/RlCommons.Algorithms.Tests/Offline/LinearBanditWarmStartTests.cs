using RlCommons.Algorithms.Contextual;
using RlCommons.Algorithms.Offline;
using RlCommons.Snapshots;
using Xunit;

namespace RlCommons.Algorithms.Tests.Offline;

public sealed class LinearBanditWarmStartTests
{
    [Fact]
    public void Apply_OfflinePolicyIntoLinUcb_CopiesEveryArmsModel()
    {
        var learner = new OfflineContextualBandit(new OfflineBanditOptions { ArmCount = 3, Dimension = 2, Seed = 1 });
        learner.Learn([1f, 0.5f], 1, 0.5, 1.0);
        learner.Learn([1f, -1f], 2, 0.25, 0.5);
        var target = new LinUcbBandit(new LinUcbOptions { ArmCount = 3, Dimension = 2, Seed = 9 });

        LinearBanditWarmStart.Apply(target, Snapshot.ToBytes(learner.Policy));

        for (int arm = 0; arm < 3; arm++)
        {
            Assert.Equal(learner.Policy.Predict(arm, [0.3f, 0.7f]), target.Predict(arm, [0.3f, 0.7f]), 10);
        }

        Assert.Equal(0, target.UpdateCount);
    }

    [Fact]
    public void Apply_IntoThompsonSampling_RebuildsCholeskyAndStillDecides()
    {
        var source = new LinUcbBandit(new LinUcbOptions { Arms = ["a", "b"], Dimension = 2, Seed = 1 });
        source.Update("a", [1f, 2f], 1.0);
        var target = new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { Arms = ["b", "a"], Dimension = 2, Seed = 2 });

        LinearBanditWarmStart.Apply(target, Snapshot.ToBytes(source));

        Assert.Equal(source.Predict(0, [1f, 2f]), target.Predict(target.GetArmIndex("a"), [1f, 2f]), 10);
        Assert.InRange(target.Decide([1f, 2f]).Action, 0, 1);
    }

    [Fact]
    public void Apply_OtherDimension_ThrowsNamingBothDimensions()
    {
        var source = new LinUcbBandit(new LinUcbOptions { ArmCount = 2, Dimension = 3 });
        var target = new LinUcbBandit(new LinUcbOptions { ArmCount = 2, Dimension = 2 });

        SnapshotException e = Assert.Throws<SnapshotException>(() => LinearBanditWarmStart.Apply(target, Snapshot.ToBytes(source)));

        Assert.Contains("feature dimension 3, the target's 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_OtherArms_ThrowsNamingTheArmsAndLeavesTargetUnchanged()
    {
        var source = new LinUcbBandit(new LinUcbOptions { Arms = ["a", "b"], Dimension = 1 });
        source.Update("a", [1f], 1.0);
        var target = new LinUcbBandit(new LinUcbOptions { Arms = ["a", "c"], Dimension = 1 });

        SnapshotException e = Assert.Throws<SnapshotException>(() => LinearBanditWarmStart.Apply(target, Snapshot.ToBytes(source)));

        Assert.Contains("missing in the snapshot [c], only in the snapshot [b]", e.Message, StringComparison.Ordinal);
        Assert.Equal(0.0, target.Predict(0, [1f]));
    }

    [Fact]
    public void Apply_NonLinearBandit_ThrowsNamingTheType()
    {
        var source = new RlCommons.Algorithms.Bandits.Ucb1Bandit(new RlCommons.Algorithms.Bandits.Ucb1Options { ArmCount = 2 });
        var target = new LinUcbBandit(new LinUcbOptions { ArmCount = 2, Dimension = 1 });

        SnapshotException e = Assert.Throws<SnapshotException>(() => LinearBanditWarmStart.Apply(target, Snapshot.ToBytes(source)));

        Assert.Contains("'RlCommons.Ucb1Bandit', not a linear contextual bandit", e.Message, StringComparison.Ordinal);
    }
}
