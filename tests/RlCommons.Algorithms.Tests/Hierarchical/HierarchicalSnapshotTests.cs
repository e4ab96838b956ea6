using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Hierarchical;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests.Hierarchical;

/// <summary>Determinism and snapshot round trips of the hierarchical agents.</summary>
public sealed class HierarchicalSnapshotTests
{
    [Theory]
    [MemberData(nameof(HierarchicalCatalog.Kinds), MemberType = typeof(HierarchicalCatalog))]
    public void Play_SameSeed_IdenticalActionsAndOtherSeedDiffers(string kind)
    {
        List<int> first = HierarchicalCatalog.Play(HierarchicalCatalog.Create(kind, seed: 9), 400);
        List<int> second = HierarchicalCatalog.Play(HierarchicalCatalog.Create(kind, seed: 9), 400);
        List<int> other = HierarchicalCatalog.Play(HierarchicalCatalog.Create(kind, seed: 10), 400);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [MemberData(nameof(HierarchicalCatalog.Kinds), MemberType = typeof(HierarchicalCatalog))]
    public void Load_MidOptionIntoAgentWithOtherSeed_BitIdenticalAndContinuesIdentically(string kind)
    {
        object original = HierarchicalCatalog.Create(kind, seed: 21);
        int state = 0;
        HierarchicalCatalog.Play(original, 157, ref state);
        byte[] bytes = Snapshot.ToBytes((ISnapshotable)original);

        object restored = HierarchicalCatalog.Create(kind, seed: 77);
        Snapshot.Load((ISnapshotable)restored, bytes);

        Assert.Equal(RawSnapshot.PayloadOf((ISnapshotable)original), RawSnapshot.PayloadOf((ISnapshotable)restored));
        int restoredState = state;
        Assert.Equal(HierarchicalCatalog.Play(original, 200, ref state), HierarchicalCatalog.Play(restored, 200, ref restoredState));
    }

    [Theory]
    [MemberData(nameof(HierarchicalCatalog.Kinds), MemberType = typeof(HierarchicalCatalog))]
    public void Load_CorruptedOrWrongShape_ThrowsAndLeavesTargetUnchanged(string kind)
    {
        var source = (ISnapshotable)HierarchicalCatalog.Create(kind, seed: 3);
        HierarchicalCatalog.Play(source, 40);
        byte[] payload = RawSnapshot.PayloadOf(source);
        var target = (ISnapshotable)HierarchicalCatalog.Create(kind, seed: 8);
        HierarchicalCatalog.Play(target, 25);
        byte[] before = RawSnapshot.PayloadOf(target);

        // A truncated payload, and a non-finite value where the first table starts (after seed, counters and shape).
        byte[] truncated = RawSnapshot.Wrap(source.SnapshotType, payload.AsSpan(0, payload.Length - 3));
        byte[] nonFinite = (byte[])payload.Clone();
        int tableStart = kind == "OptionCritic" ? 24 + 4 + 12 + 4 : 24 + 8 + 4;
        BitConverter.GetBytes(double.NaN).CopyTo(nonFinite, tableStart);

        Assert.Throws<SnapshotException>(() => Snapshot.Load(target, truncated));
        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, RawSnapshot.Wrap(source.SnapshotType, nonFinite)));
        Assert.Contains("not finite", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, RawSnapshot.PayloadOf(target));
    }

    [Fact]
    public void Load_OtherOptionCount_ThrowsNamingTheShape()
    {
        var source = new SmdpQLearningAgent(new SmdpQLearningOptions { StateCount = 6, ActionCount = 2, OptionSet = Option.Primitives(2, 6) });
        var target = (SmdpQLearningAgent)HierarchicalCatalog.Create("Smdp", seed: 1);

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, Snapshot.ToBytes(source)));

        Assert.Contains("6 × 2 table", ex.Message, StringComparison.Ordinal);
    }
}
