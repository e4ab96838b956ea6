using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>Snapshot round trips and corruption handling of every bandit type.</summary>
public class BanditSnapshotTests
{
    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void ToBytes_LoadIntoFresh_BitIdenticalIncludingRemovedArms(string kind)
    {
        Bandit original = BanditCatalog.Create(kind, seed: 21, arms: 4);
        BanditCatalog.Play(original, new Random(2), 150);
        Assert.True(original.RemoveArm("1"));
        original.AddArm("late");
        BanditCatalog.Play(original, new Random(4), 50);
        byte[] bytes = RawSnapshot.Take(original);

        Bandit fresh = BanditCatalog.Create(kind, seed: 77, arms: 2);
        Snapshot.Load(fresh, bytes);

        Assert.Equal(bytes, RawSnapshot.Take(fresh));
        Assert.Equal(["0", "2", "3", "late"], fresh.Arms);
        Assert.Equal(5, fresh.ArmSlotCount);
        Assert.Equal(original.UpdateCount, fresh.UpdateCount);
    }

    [Fact]
    public void Wrap_SamePayload_MatchesSnapshotToBytes()
    {
        // The hand-made envelope used by the corruption tests below must be the real format.
        Bandit bandit = BanditCatalog.Create("EpsilonGreedy", seed: 1);
        Assert.Equal(RawSnapshot.Take(bandit), RawSnapshot.Wrap(bandit.SnapshotType, RawSnapshot.PayloadOf(bandit)));
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Load_TruncatedBitFlippedOrWrongType_ThrowsSnapshotExceptionAndLeavesTargetUnchanged(string kind)
    {
        Bandit source = BanditCatalog.Create(kind, seed: 3);
        BanditCatalog.Play(source, new Random(9), 40);
        byte[] good = RawSnapshot.Take(source);

        Bandit target = BanditCatalog.Create(kind, seed: 8);
        BanditCatalog.Play(target, new Random(10), 25);
        byte[] before = RawSnapshot.Take(target);

        byte[] truncated = good[..^10];
        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x10;
        string otherKind = kind == "Exp3" ? "Softmax" : "Exp3";
        byte[] wrongType = RawSnapshot.Take(BanditCatalog.Create(otherKind, seed: 3));

        foreach (byte[] bad in new[] { truncated, flipped, wrongType, [], good[..3] })
        {
            Assert.Throws<SnapshotException>(() => Snapshot.Load(target, bad));
            Assert.Equal(before, RawSnapshot.Take(target));
        }
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Load_ValidEnvelopeCorruptPayload_ThrowsSnapshotExceptionAndLeavesTargetUnchanged(string kind)
    {
        Bandit source = BanditCatalog.Create(kind, seed: 3);
        BanditCatalog.Play(source, new Random(9), 40);
        byte[] payload = RawSnapshot.PayloadOf(source);

        Bandit target = BanditCatalog.Create(kind, seed: 8);
        BanditCatalog.Play(target, new Random(10), 25);
        byte[] before = RawSnapshot.Take(target);

        var corrupt = new List<byte[]>
        {
            payload[..^1],                       // truncated payload
            payload.Append((byte)0).ToArray(),   // trailing byte
            payload[..(payload.Length / 2)],     // cut in the middle of the state
            WithInt64(payload, 8, -1),           // negative decision count
            WithInt32(payload, 24, -5),          // negative arm count
            WithInt32(payload, 24, 1_000_000),   // arm count beyond the payload
        };

        foreach (byte[] bad in corrupt)
        {
            Assert.Throws<SnapshotException>(() => Snapshot.Load(target, RawSnapshot.Wrap(target.SnapshotType, bad)));
            Assert.Equal(before, RawSnapshot.Take(target));
        }
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Load_NaNWrittenOverTheLastValue_ThrowsAndLeavesTargetUnchanged(string kind)
    {
        Bandit source = BanditCatalog.Create(kind, seed: 3);
        BanditCatalog.Play(source, new Random(9), 40);
        byte[] payload = RawSnapshot.PayloadOf(source);
        // The last value is: the last arm's Q (ε-greedy, softmax), β (Beta TS), log-weight (EXP3), reward sum (UCB1 and
        // Gaussian TS store nothing more) or Cholesky entry (linear TS). LinUCB and ε-ridge end with θ then a 1-byte flag.
        int offset = kind is "LinUcb" or "LinearEpsilonGreedy" ? payload.Length - 9 : payload.Length - 8;
        payload = WithInt64(payload, offset, BitConverter.DoubleToInt64Bits(double.NaN));

        Bandit target = BanditCatalog.Create(kind, seed: 8);
        byte[] before = RawSnapshot.Take(target);

        Assert.Throws<SnapshotException>(() => Snapshot.Load(target, RawSnapshot.Wrap(target.SnapshotType, payload)));
        Assert.Equal(before, RawSnapshot.Take(target));
    }

    [Fact]
    public void Load_LinUcbDimension5IntoDimension6_ThrowsAndLeavesTargetUnchanged()
    {
        var five = new LinUcbBandit(new LinUcbOptions { Dimension = 5, ArmCount = 2, Seed = 1, TimeProvider = FixedTimeProvider.Instance });
        five.Update(0, [1, 2, 3, 4, 5], 1.0);
        var six = new LinUcbBandit(new LinUcbOptions { Dimension = 6, ArmCount = 2, Seed = 1, TimeProvider = FixedTimeProvider.Instance });
        six.Update(1, [1, 0, 0, 0, 0, 1], 0.5);
        byte[] before = RawSnapshot.Take(six);

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(six, RawSnapshot.Take(five)));

        Assert.Contains("dimension 5", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, RawSnapshot.Take(six));
        Assert.Equal(6, six.Dimension);
    }

    [Fact]
    public void Load_LinUcbSnapshotIntoLinearThompsonSampling_Throws()
    {
        // Same envelope type is forced so the payload check (Cholesky factors present or not) is what rejects it.
        var linUcb = new LinUcbBandit(new LinUcbOptions { Dimension = 2, ArmCount = 1, Seed = 1 });
        var linTs = new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { Dimension = 2, ArmCount = 1, Seed = 1, TimeProvider = FixedTimeProvider.Instance });
        byte[] before = RawSnapshot.Take(linTs);

        Assert.Throws<SnapshotException>(() => Snapshot.Load(linTs, RawSnapshot.Wrap(linTs.SnapshotType, RawSnapshot.PayloadOf(linUcb))));
        Assert.Equal(before, RawSnapshot.Take(linTs));
    }

    private static byte[] WithInt64(byte[] payload, int offset, long value)
    {
        byte[] copy = (byte[])payload.Clone();
        BitConverter.TryWriteBytes(copy.AsSpan(offset), value);
        return copy;
    }

    private static byte[] WithInt32(byte[] payload, int offset, int value)
    {
        byte[] copy = (byte[])payload.Clone();
        BitConverter.TryWriteBytes(copy.AsSpan(offset), value);
        return copy;
    }
}
