using RlCommons.Buffers;
using RlCommons.Core.Tests.TestSupport;
using RlCommons.Randomness;
using RlCommons.Snapshots;

namespace RlCommons.Core.Tests.Buffers;

public class ReplayBufferTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Theory]
    [InlineData(0, 2, "capacity")]
    [InlineData(-3, 2, "capacity")]
    [InlineData(4, 0, "observationDimension")]
    public void Constructor_SizeBelowOne_ThrowsNamingParameter(int capacity, int observationDimension, string parameter)
        => Assert.Equal(parameter, Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayBuffer(capacity, observationDimension)).ParamName);

    [Fact]
    public void Constructor_ContinuousActionDimensionBelowOne_Throws()
        => Assert.Equal("actionDimension", Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayBuffer(4, 2, 0)).ParamName);

    [Fact]
    public void New_IsEmptyWithGivenShape()
    {
        var buffer = new ReplayBuffer(5, 3, 2);

        Assert.Equal(5, buffer.Capacity);
        Assert.Equal(0, buffer.Count);
        Assert.Equal(3, buffer.ObservationDimension);
        Assert.Equal(2, buffer.ActionDimension);
        Assert.True(buffer.IsContinuous);
        Assert.False(new ReplayBuffer(5, 3).IsContinuous);
    }

    [Fact]
    public void Add_BelowCapacity_StoresInOrderAndCounts()
    {
        ReplayBuffer buffer = Filled(capacity: 4, transitions: 3);

        Assert.Equal(3, buffer.Count);
        Assert.Equal(3, buffer.NextIndex);
        ReplayBatch batch = ReadAll(buffer);
        Assert.Equal([0f, 1f, 2f], Column(batch.Observations, 2, 0));
        Assert.Equal([0, 1, 2], batch.Actions.ToArray());
        Assert.Equal([0f, 10f, 20f], batch.Rewards.ToArray());
        Assert.Equal([100f, 101f, 102f], Column(batch.NextObservations, 2, 0));
        Assert.Equal([false, false, true], batch.Terminated.ToArray());
        Assert.Equal([true, false, false], batch.Truncated.ToArray());
        Assert.Equal([1f, 1f, 1f], batch.Weights.ToArray());
    }

    [Fact]
    public void Add_PastCapacity_OverwritesOldestFirst()
    {
        // Transitions 0..5 into 4 slots: 4 and 5 replace 0 and 1, in slots 0 and 1.
        ReplayBuffer buffer = Filled(capacity: 4, transitions: 6);

        Assert.Equal(4, buffer.Count);
        Assert.Equal(2, buffer.NextIndex);
        Assert.Equal(6, buffer.TotalAdded);
        ReplayBatch batch = ReadAll(buffer);
        Assert.Equal([4f, 5f, 2f, 3f], Column(batch.Observations, 2, 0));
        Assert.Equal([-4f, -5f, -2f, -3f], Column(batch.Observations, 2, 1));
        Assert.Equal([4, 5, 2, 3], batch.Actions.ToArray());
        Assert.Equal([40f, 50f, 20f, 30f], batch.Rewards.ToArray());
    }

    [Fact]
    public void Add_ReturnsSlotWritten()
    {
        var buffer = new ReplayBuffer(2, 1);

        Assert.Equal(0, buffer.Add([1f], 0, 0f, [1f], false, false));
        Assert.Equal(1, buffer.Add([1f], 0, 0f, [1f], false, false));
        Assert.Equal(0, buffer.Add([1f], 0, 0f, [1f], false, false));
    }

    [Fact]
    public void Add_Continuous_StoresActionVectors()
    {
        var buffer = new ReplayBuffer(3, 1, 2);
        buffer.Add([1f], [0.5f, -0.5f], 1f, [2f], false, false);
        buffer.Add([2f], [1.5f, -1.5f], 2f, [3f], true, false);

        ReplayBatch batch = ReadAll(buffer);

        Assert.Equal([0.5f, -0.5f, 1.5f, -1.5f], batch.ContinuousActions.ToArray());
        Assert.Equal([1.5f, -1.5f], batch.ContinuousAction(1).ToArray());
        Assert.True(batch.Actions.IsEmpty);
    }

    [Fact]
    public void Add_WrongObservationLength_ThrowsAndStoresNothing()
    {
        var buffer = new ReplayBuffer(3, 2);

        var ex = Assert.Throws<ArgumentException>(() => buffer.Add([1f, 2f, 3f], 0, 0f, [1f, 2f], false, false));
        var next = Assert.Throws<ArgumentException>(() => buffer.Add([1f, 2f], 0, 0f, [1f], false, false));

        Assert.Equal("observation", ex.ParamName);
        Assert.StartsWith("Expected 2 values, got 3.", ex.Message, StringComparison.Ordinal);
        Assert.Equal("nextObservation", next.ParamName);
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void Add_NaNReward_ThrowsAndStoresNothing()
    {
        var buffer = new ReplayBuffer(3, 1);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Add([1f], 0, float.NaN, [1f], false, false));

        Assert.Equal("reward", ex.ParamName);
        Assert.Contains("reward must be finite", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void Add_NonFiniteObservation_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ReplayBuffer(3, 2).Add([1f, float.PositiveInfinity], 0, 0f, [1f, 2f], false, false));

        Assert.Equal("observation", ex.ParamName);
        Assert.StartsWith("observation[1] is ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_NegativeAction_Throws()
        => Assert.Equal("action", Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayBuffer(3, 1).Add([1f], -1, 0f, [1f], false, false)).ParamName);

    [Fact]
    public void Add_WrongActionKind_ThrowsInvalidOperation()
    {
        Assert.Throws<InvalidOperationException>(() => new ReplayBuffer(3, 1).Add([1f], [1f], 0f, [1f], false, false));
        Assert.Throws<InvalidOperationException>(() => new ReplayBuffer(3, 1, 1).Add([1f], 0, 0f, [1f], false, false));
    }

    [Fact]
    public void Add_WrongContinuousActionLength_Throws()
        => Assert.Equal("action", Assert.Throws<ArgumentException>(() => new ReplayBuffer(3, 1, 2).Add([1f], [1f], 0f, [1f], false, false)).ParamName);

    [Fact]
    public void Sample_DrawsOneNextPerTransitionFromCallerRandom()
    {
        ReplayBuffer buffer = Filled(capacity: 32, transitions: 20);
        ReplayBatch batch = buffer.CreateBatch(16);
        var reference = new Xoshiro256Random(7);

        buffer.Sample(16, new Xoshiro256Random(7), batch);

        // Uniform with replacement: each index is random.Next(count), in order.
        int[] expected = Enumerable.Range(0, 16).Select(_ => reference.Next(20)).ToArray();
        Assert.Equal(expected, batch.Indices.ToArray());
        Assert.Equal(expected.Select(i => (float)i).ToArray(), Column(batch.Observations, 2, 0));
        Assert.Equal(expected.Select(i => 10f * i).ToArray(), batch.Rewards.ToArray());
        Assert.Equal(expected, batch.Actions.ToArray());
    }

    [Fact]
    public void Sample_SameSeed_SameBatch_DifferentSeed_DifferentBatch()
    {
        ReplayBuffer buffer = Filled(capacity: 50, transitions: 50);
        ReplayBatch first = buffer.CreateBatch(32), second = buffer.CreateBatch(32), third = buffer.CreateBatch(32);

        buffer.Sample(32, new Xoshiro256Random(123), first);
        buffer.Sample(32, new Xoshiro256Random(123), second);
        buffer.Sample(32, new Xoshiro256Random(124), third);

        Assert.Equal(first.Indices.ToArray(), second.Indices.ToArray());
        Assert.Equal(first.Observations.ToArray(), second.Observations.ToArray());
        Assert.NotEqual(first.Indices.ToArray(), third.Indices.ToArray());
    }

    [Fact]
    public void Sample_ManyDraws_UniformByChiSquare()
    {
        const int slots = 10, batches = 1000, batchSize = 10;
        ReplayBuffer buffer = Filled(capacity: slots, transitions: 13);
        ReplayBatch batch = buffer.CreateBatch(batchSize);
        var random = new Xoshiro256Random(2026);
        var counts = new int[slots];
        for (int b = 0; b < batches; b++)
        {
            buffer.Sample(batchSize, random, batch);
            foreach (int index in batch.Indices)
            {
                counts[index]++;
            }
        }

        double expected = batches * batchSize / (double)slots;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);

        // 27.88 is the 0.999 quantile of chi-square with 9 degrees of freedom.
        Assert.True(chiSquare < 27.88, $"chi-square {chiSquare:F2} with counts {string.Join(",", counts)}");
        Assert.All(counts, c => Assert.InRange(c, 1, int.MaxValue));
    }

    [Fact]
    public void Sample_BatchLargerThanCount_Throws()
    {
        ReplayBuffer buffer = Filled(capacity: 8, transitions: 3);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Sample(4, new Xoshiro256Random(1), buffer.CreateBatch(8)));

        Assert.Equal("batchSize", ex.ParamName);
        Assert.Contains("number of stored transitions (3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_BatchLargerThanBatchCapacity_Throws()
        => Assert.Equal(
            "batchSize",
            Assert.Throws<ArgumentOutOfRangeException>(() => Filled(8, 8).Sample(5, new Xoshiro256Random(1), new ReplayBatch(4, 2, 0))).ParamName);

    [Fact]
    public void Sample_Empty_ThrowsInvalidOperation()
    {
        var buffer = new ReplayBuffer(4, 2);

        Assert.Throws<InvalidOperationException>(() => buffer.Sample(1, new Xoshiro256Random(1), buffer.CreateBatch(1)));
    }

    [Fact]
    public void Sample_BatchOfOtherShape_Throws()
        => Assert.Equal(
            "batch",
            Assert.Throws<ArgumentException>(() => Filled(8, 8).Sample(2, new Xoshiro256Random(1), new ReplayBatch(4, 3, 0))).ParamName);

    [Fact]
    public void Gather_IndexOutOfRange_Throws()
    {
        ReplayBuffer buffer = Filled(capacity: 8, transitions: 3);

        var ex = Assert.Throws<ArgumentException>(() => buffer.Gather([0, 3], buffer.CreateBatch(2)));

        Assert.Equal("indices", ex.ParamName);
        Assert.StartsWith("indices[1] is 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gather_RepeatedIndicesMoreThanCount_CopiesEachRow()
    {
        ReplayBuffer buffer = Filled(capacity: 8, transitions: 2);
        ReplayBatch batch = buffer.CreateBatch(4);

        buffer.Gather([1, 1, 0, 1], batch);

        Assert.Equal([1f, 1f, 0f, 1f], Column(batch.Observations, 2, 0));
    }

    [Fact]
    public void Gather_MoreIndicesThanBatchCapacity_Throws()
    {
        ReplayBuffer buffer = Filled(capacity: 8, transitions: 3);

        var ex = Assert.Throws<ArgumentException>(() => buffer.Gather([0, 1, 2], buffer.CreateBatch(2)));

        Assert.Equal("indices", ex.ParamName);
        Assert.StartsWith("Expected 1 to 2 indices", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clear_EmptiesBuffer()
    {
        ReplayBuffer buffer = Filled(capacity: 4, transitions: 6);

        buffer.Clear();

        Assert.Equal(0, buffer.Count);
        Assert.Equal(0, buffer.NextIndex);
        Assert.Equal(0, buffer.TotalAdded);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public void Snapshot_RoundTrip_IsBitIdentical(int transitions)
    {
        ReplayBuffer buffer = Filled(capacity: 8, transitions: transitions);
        byte[] bytes = Snapshot.ToBytes(buffer, Clock);
        var restored = new ReplayBuffer(8, 2);

        Snapshot.Load(restored, bytes);

        Assert.Equal(bytes, Snapshot.ToBytes(restored, Clock));
        Assert.Equal(buffer.Count, restored.Count);
        Assert.Equal(buffer.NextIndex, restored.NextIndex);
        ReplayBatch a = buffer.CreateBatch(8), b = restored.CreateBatch(8);
        buffer.Sample(buffer.Count, new Xoshiro256Random(5), a);
        restored.Sample(buffer.Count, new Xoshiro256Random(5), b);
        Assert.Equal(a.Observations.ToArray(), b.Observations.ToArray());
        Assert.Equal(a.NextObservations.ToArray(), b.NextObservations.ToArray());
        Assert.Equal(a.Rewards.ToArray(), b.Rewards.ToArray());
        Assert.Equal(a.Truncated.ToArray(), b.Truncated.ToArray());

        // Adding after the restore continues the ring where the original left off.
        Assert.Equal(buffer.Add([9f, 9f], 1, 1f, [9f, 9f], false, false), restored.Add([9f, 9f], 1, 1f, [9f, 9f], false, false));
    }

    [Fact]
    public void Snapshot_ContinuousRoundTrip_IsBitIdentical()
    {
        var buffer = new ReplayBuffer(3, 1, 2);
        buffer.Add([1f], [0.1f, -0.2f], 1f, [2f], false, true);
        buffer.Add([2f], [float.Epsilon, -0f], -0.3f, [3f], true, false);
        byte[] bytes = Snapshot.ToBytes(buffer, Clock);
        var restored = new ReplayBuffer(3, 1, 2);

        Snapshot.Load(restored, bytes);

        Assert.Equal(bytes, Snapshot.ToBytes(restored, Clock));
    }

    [Fact]
    public void Snapshot_OtherShape_ThrowsAndLeavesTargetUnchanged()
    {
        ReplayBuffer target = Filled(capacity: 8, transitions: 2);
        byte[] before = Snapshot.ToBytes(target, Clock);

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, Snapshot.ToBytes(Filled(capacity: 9, transitions: 2))));

        Assert.Contains("capacity 9", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot.ToBytes(target, Clock));
    }

    [Fact]
    public void ReadSnapshot_InconsistentPosition_ThrowsAndLeavesTargetUnchanged()
    {
        ReplayBuffer target = Filled(capacity: 4, transitions: 1);
        byte[] before = Snapshot.ToBytes(target, Clock);
        var writer = new SnapshotWriter();
        writer.WriteInt32(4);
        writer.WriteInt32(2);
        writer.WriteInt32(0);
        writer.WriteInt32(2); // count 2 in a ring that is not full, so the next slot must be 2, not 3
        writer.WriteInt32(3);
        writer.WriteInt64(2);

        var ex = Assert.Throws<SnapshotException>(() => target.ReadSnapshot(new SnapshotReader(writer.WrittenSpan.ToArray()), 1));

        Assert.Contains("position is inconsistent", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot.ToBytes(target, Clock));
    }

    // Transition t: observation (t, −t), action t, reward 10t, next observation (100 + t, 0),
    // terminated when t % 3 == 2, truncated when t % 4 == 0.
    private static ReplayBuffer Filled(int capacity, int transitions)
    {
        var buffer = new ReplayBuffer(capacity, 2);
        for (int t = 0; t < transitions; t++)
        {
            buffer.Add([t, -t], t, 10f * t, [100f + t, 0f], t % 3 == 2, t % 4 == 0);
        }

        return buffer;
    }

    private static ReplayBatch ReadAll(ReplayBuffer buffer)
    {
        ReplayBatch batch = buffer.CreateBatch(buffer.Count);
        buffer.Gather(Enumerable.Range(0, buffer.Count).ToArray(), batch);
        return batch;
    }

    private static float[] Column(ReadOnlySpan<float> rows, int width, int column)
    {
        var values = new float[rows.Length / width];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rows[(i * width) + column];
        }

        return values;
    }
}
