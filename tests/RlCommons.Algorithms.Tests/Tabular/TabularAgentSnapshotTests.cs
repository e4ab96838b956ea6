using RlCommons.Algorithms.Tests.Support;
using RlCommons.Snapshots;
using RlCommons.Algorithms.Tabular;

namespace RlCommons.Algorithms.Tests.Tabular;

/// <summary>Snapshot round trips and corruption handling of the tabular agents.</summary>
public class TabularAgentSnapshotTests
{
    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Load_IntoFreshAgentWithOtherSeed_BitIdenticalAndContinuesIdentically(string kind)
    {
        TabularAgent original = TabularCatalog.Create(kind, seed: 21, epsilon: 0.4);
        TabularCatalog.Play(original, new Random(2), 200);
        byte[] bytes = RawSnapshot.Take(original);

        TabularAgent restored = TabularCatalog.Create(kind, seed: 77, epsilon: 0.4);
        Snapshot.Load(restored, bytes);

        Assert.Equal(bytes, RawSnapshot.Take(restored));
        Assert.Equal(TabularCatalog.Table(original), TabularCatalog.Table(restored));
        Assert.Equal(21UL, restored.Seed);
        Assert.Equal(200, restored.DecisionCount);
        Assert.Equal(200, restored.UpdateCount);
        Assert.Equal(TabularCatalog.Play(original, new Random(3), 100), TabularCatalog.Play(restored, new Random(3), 100));
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Load_WrongShape_ThrowsAndLeavesTargetUnchanged(string kind)
    {
        byte[] bigger = RawSnapshot.Take(TabularCatalog.Create(kind, states: 4));
        byte[] wider = RawSnapshot.Take(TabularCatalog.Create(kind, actions: 2));
        TabularAgent target = TabularCatalog.Create(kind, seed: 8);
        TabularCatalog.Play(target, new Random(10), 25);
        byte[] before = RawSnapshot.Take(target);

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, bigger));
        Assert.Throws<SnapshotException>(() => Snapshot.Load(target, wider));

        Assert.Contains("4 × 3", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, RawSnapshot.Take(target));
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Load_TruncatedBitFlippedOrWrongType_ThrowsAndLeavesTargetUnchanged(string kind)
    {
        TabularAgent source = TabularCatalog.Create(kind, seed: 3);
        TabularCatalog.Play(source, new Random(9), 40);
        byte[] good = RawSnapshot.Take(source);
        TabularAgent target = TabularCatalog.Create(kind, seed: 8);
        TabularCatalog.Play(target, new Random(10), 25);
        byte[] before = RawSnapshot.Take(target);

        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x10;
        byte[] otherType = RawSnapshot.Take(TabularCatalog.Create(kind == "Sarsa" ? "QLearning" : "Sarsa", seed: 3));

        foreach (byte[] bad in new[] { good[..^10], flipped, otherType, [], good[..3] })
        {
            Assert.Throws<SnapshotException>(() => Snapshot.Load(target, bad));
            Assert.Equal(before, RawSnapshot.Take(target));
        }
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Load_ValidEnvelopeBadPayload_ThrowsAndLeavesTargetUnchanged(string kind)
    {
        TabularAgent target = TabularCatalog.Create(kind, seed: 8);
        TabularCatalog.Play(target, new Random(10), 25);
        byte[] before = RawSnapshot.Take(target);

        foreach (byte[] payload in new[] { Payload(target, 1, 1, 9, q => q[4] = double.NaN), Payload(target, -1, 0, 9, _ => { }), Payload(target, 1, 1, 9, _ => { }, trailing: true) })
        {
            Assert.Throws<SnapshotException>(() => Snapshot.Load(target, RawSnapshot.Wrap(target.SnapshotType, payload)));
            Assert.Equal(before, RawSnapshot.Take(target));
        }

        // The hand-built payload is the real layout: a clean one loads.
        Snapshot.Load(target, RawSnapshot.Wrap(target.SnapshotType, Payload(target, 5, 6, 9, q => q[4] = 2.5)));
        Assert.Equal(2.5, target.GetQ(1, 1));
        Assert.Equal(5, target.DecisionCount);
        Assert.Equal(9UL, target.Seed);
    }

    private static byte[] Payload(TabularAgent agent, long decisions, long updates, ulong seed, Action<double[]> edit, bool trailing = false)
    {
        double[] q = TabularCatalog.Table(agent);
        edit(q);
        var writer = new SnapshotWriter();
        writer.WriteUInt64(seed);
        writer.WriteInt64(decisions);
        writer.WriteInt64(updates);
        writer.WriteInt32(agent.StateCount);
        writer.WriteInt32(agent.ActionCount);
        writer.WriteDoubles(q);
        if (trailing)
        {
            writer.WriteInt32(0);
        }

        return writer.WrittenSpan.ToArray();
    }
}
