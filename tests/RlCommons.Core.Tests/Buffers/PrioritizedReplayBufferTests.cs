using RlCommons.Buffers;
using RlCommons.Core.Tests.TestSupport;
using RlCommons.Randomness;
using RlCommons.Schedules;
using RlCommons.Snapshots;

namespace RlCommons.Core.Tests.Buffers;

public class PrioritizedReplayBufferTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Constructor_AlphaOutsideZeroOne_Throws(double alpha)
        => Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new PrioritizedReplayBuffer(4, 1, alpha)).ParamName);

    [Fact]
    public void Constructor_CapacityBelowOne_Throws()
        => Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => new PrioritizedReplayBuffer(0, 1, 0.6)).ParamName);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-6)]
    [InlineData(double.PositiveInfinity)]
    public void PriorityEpsilon_NotPositiveFinite_Throws(double epsilon)
        => Assert.Equal(
            "PriorityEpsilon",
            Assert.Throws<ArgumentOutOfRangeException>(() => new PrioritizedReplayBuffer(4, 1, 0.6) { PriorityEpsilon = epsilon }).ParamName);

    [Fact]
    public void Add_New_GetsMaxPrioritySeenSoFar()
    {
        var buffer = new PrioritizedReplayBuffer(4, 1, 0.6) { PriorityEpsilon = 0.5 };
        Add(buffer, 0);

        Assert.Equal(1.0, buffer.GetPriority(0));

        buffer.UpdatePriorities([0], [-2.5f]);
        Add(buffer, 1);

        Assert.Equal(3.0, buffer.GetPriority(0));
        Assert.Equal(3.0, buffer.MaxPriority);
        Assert.Equal(3.0, buffer.GetPriority(1));
    }

    [Fact]
    public void Add_PastCapacity_OverwrittenSlotGetsMaxPriority()
    {
        var buffer = new PrioritizedReplayBuffer(2, 1, 1.0) { PriorityEpsilon = 0.5 };
        Add(buffer, 0);
        Add(buffer, 1);
        buffer.UpdatePriorities([0, 1], [0f, 1.5f]);

        int slot = Add(buffer, 2);

        Assert.Equal(0, slot);
        Assert.Equal(2.0, buffer.GetPriority(0));
        Assert.Equal(2.0, buffer.GetPriority(1));
    }

    [Fact]
    public void UpdatePriorities_SetsAbsoluteErrorPlusEpsilon_LowerValueKeepsMax()
    {
        PrioritizedReplayBuffer buffer = Filled(alpha: 0.6, count: 3);

        buffer.UpdatePriorities([2, 0], [4.5f, -0.25f]);
        buffer.UpdatePriorities([2], [1f]);

        Assert.Equal(0.75, buffer.GetPriority(0));
        Assert.Equal(1.0, buffer.GetPriority(1));
        Assert.Equal(1.5, buffer.GetPriority(2));
        Assert.Equal(5.0, buffer.MaxPriority);
    }

    [Fact]
    public void Sample_EqualPrioritiesBatchOfCount_StratifiedGivesEachSlotOnce()
    {
        PrioritizedReplayBuffer buffer = Filled(alpha: 0.6, count: 4);
        ReplayBatch batch = buffer.CreateBatch(4);

        // Four equal priorities and four equal segments: segment i holds exactly slot i, whatever the draws.
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            buffer.Sample(4, 0.4, new Xoshiro256Random(seed), batch);
            Assert.Equal([0, 1, 2, 3], batch.Indices.ToArray());
            Assert.Equal([1f, 1f, 1f, 1f], batch.Weights.ToArray());
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(0.0)]
    public void Sample_ManyDraws_FrequenciesProportionalToPoweredPriorities(double alpha)
    {
        PrioritizedReplayBuffer buffer = Filled(alpha, count: 4);
        buffer.UpdatePriorities([0, 1, 2, 3], [0.5f, 1.5f, 2.5f, 3.5f]);
        ReplayBatch batch = buffer.CreateBatch(4);
        var random = new Xoshiro256Random(99);
        var counts = new int[4];
        const int batches = 4000;
        for (int b = 0; b < batches; b++)
        {
            buffer.Sample(4, 0.4, random, batch);
            foreach (int index in batch.Indices)
            {
                counts[index]++;
            }
        }

        // Priorities 1, 2, 3, 4 (|δ| + 0.5); P(i) = p_iᵅ / Σ p_kᵅ.
        double[] powered = [1, Math.Pow(2, alpha), Math.Pow(3, alpha), Math.Pow(4, alpha)];
        for (int i = 0; i < 4; i++)
        {
            double expected = powered[i] / powered.Sum();
            Assert.InRange(counts[i] / (4.0 * batches), expected - 0.015, expected + 0.015);
        }
    }

    [Theory]
    [InlineData(0.0, new[] { 1.0, 1.0, 1.0, 1.0 })]
    [InlineData(0.5, new[] { 1.0, 0.70710678, 0.5, 0.35355339 })]
    [InlineData(1.0, new[] { 1.0, 0.5, 0.25, 0.125 })]
    public void Sample_Weights_MatchHandComputedValues(double beta, double[] expected)
    {
        // α = 1, priorities 1, 2, 4, 8: N = 4, total 15, P = (1, 2, 4, 8) / 15, so N·P = (4, 8, 16, 32) / 15.
        // For β = 0.5: (N·P)^−β = 1.93649, 1.36931, 0.96825, 0.68465, divided by the largest (slot 0) as above.
        PrioritizedReplayBuffer buffer = Filled(alpha: 1.0, count: 4);
        buffer.UpdatePriorities([0, 1, 2, 3], [0.5f, 1.5f, 3.5f, 7.5f]);
        ReplayBatch batch = buffer.CreateBatch(4);
        var random = new Xoshiro256Random(5);
        var seen = new bool[4];
        for (int b = 0; b < 20; b++)
        {
            buffer.Sample(4, beta, random, batch);
            for (int row = 0; row < 4; row++)
            {
                int index = batch.Indices[row];
                seen[index] = true;
                Assert.Equal(expected[index], batch.Weights[row], 1e-6);
            }
        }

        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void Sample_BetaFromLinearSchedule_AtEndFullyCorrects()
    {
        Schedule beta = Schedule.Linear(0.4, 1.0, 100);
        PrioritizedReplayBuffer buffer = Filled(alpha: 1.0, count: 2);
        buffer.UpdatePriorities([0, 1], [0.5f, 2.5f]);
        ReplayBatch batch = buffer.CreateBatch(2);

        buffer.Sample(2, beta.ValueAt(100), new Xoshiro256Random(3), batch);

        // Priorities 1 and 3, β = 1: weights (p_i / p_min)^−1.
        for (int row = 0; row < 2; row++)
        {
            Assert.Equal(batch.Indices[row] == 0 ? 1f : 1f / 3f, batch.Weights[row], 1e-6);
        }
    }

    [Fact]
    public void Sample_SameSeed_SameIndicesAndWeights()
    {
        PrioritizedReplayBuffer buffer = Filled(alpha: 0.6, count: 20);
        buffer.UpdatePriorities([3, 7, 11], [5f, 0.1f, 2f]);
        ReplayBatch first = buffer.CreateBatch(8), second = buffer.CreateBatch(8), third = buffer.CreateBatch(8);

        buffer.Sample(8, 0.4, new Xoshiro256Random(11), first);
        buffer.Sample(8, 0.4, new Xoshiro256Random(11), second);
        buffer.Sample(8, 0.4, new Xoshiro256Random(12), third);

        Assert.Equal(first.Indices.ToArray(), second.Indices.ToArray());
        Assert.Equal(first.Weights.ToArray(), second.Weights.ToArray());
        Assert.Equal(first.Observations.ToArray(), second.Observations.ToArray());
        Assert.NotEqual(first.Indices.ToArray(), third.Indices.ToArray());
    }

    [Fact]
    public void Sample_ReturnsTransitionsOfSampledSlots()
    {
        PrioritizedReplayBuffer buffer = Filled(alpha: 0.6, count: 6);
        ReplayBatch batch = buffer.CreateBatch(3);

        buffer.Sample(3, 0.4, new Xoshiro256Random(8), batch);

        for (int row = 0; row < 3; row++)
        {
            Assert.Equal((float)batch.Indices[row], batch.Observation(row)[0]);
            Assert.Equal(batch.Indices[row], batch.Actions[row]);
        }
    }

    [Fact]
    public void Sample_ContinuousActions_ReturnsActionVectorsOfSampledSlots()
    {
        var buffer = new PrioritizedReplayBuffer(8, 1, 2, 0.6);
        for (int t = 0; t < 5; t++)
        {
            buffer.Add([t], [t, -t], t, [t + 1f], false, false);
        }

        ReplayBatch batch = buffer.CreateBatch(5);
        buffer.Sample(5, 0.4, new Xoshiro256Random(4), batch);

        Assert.True(buffer.IsContinuous);
        for (int row = 0; row < 5; row++)
        {
            int slot = batch.Indices[row];
            Assert.Equal([slot, -slot], batch.ContinuousAction(row).ToArray());
        }
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Sample_BetaOutsideZeroOne_Throws(double beta)
    {
        PrioritizedReplayBuffer buffer = Filled(alpha: 0.6, count: 2);

        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Sample(1, beta, new Xoshiro256Random(1), buffer.CreateBatch(1))).ParamName);
    }

    [Fact]
    public void Sample_BatchLargerThanCount_Throws()
    {
        PrioritizedReplayBuffer buffer = Filled(alpha: 0.6, count: 2);

        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Sample(3, 0.4, new Xoshiro256Random(1), buffer.CreateBatch(3))).ParamName);
    }

    [Fact]
    public void UpdatePriorities_LengthMismatch_Throws()
    {
        PrioritizedReplayBuffer buffer = Filled(alpha: 0.6, count: 3);

        var ex = Assert.Throws<ArgumentException>(() => buffer.UpdatePriorities([0, 1], [1f]));

        Assert.Equal("tdErrors", ex.ParamName);
        Assert.StartsWith("Expected one TD error per index (2), got 1.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdatePriorities_IndexOutOfRange_ThrowsAndChangesNothing()
    {
        PrioritizedReplayBuffer buffer = Filled(alpha: 0.6, count: 3);

        var ex = Assert.Throws<ArgumentException>(() => buffer.UpdatePriorities([0, 3], [7f, 1f]));

        Assert.Equal("indices", ex.ParamName);
        Assert.StartsWith("indices[1] is 3", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1.0, buffer.GetPriority(0));
        Assert.Equal(1.0, buffer.MaxPriority);
    }

    [Fact]
    public void UpdatePriorities_NaNError_ThrowsAndChangesNothing()
    {
        PrioritizedReplayBuffer buffer = Filled(alpha: 0.6, count: 3);

        var ex = Assert.Throws<ArgumentException>(() => buffer.UpdatePriorities([0, 1], [7f, float.NaN]));

        Assert.Equal("tdErrors", ex.ParamName);
        Assert.Equal(1.0, buffer.GetPriority(0));
    }

    [Fact]
    public void Clear_ResetsTransitionsAndMaxPriority()
    {
        PrioritizedReplayBuffer buffer = Filled(alpha: 0.6, count: 3);
        buffer.UpdatePriorities([1], [9f]);

        buffer.Clear();
        Add(buffer, 0);

        Assert.Equal(1, buffer.Count);
        Assert.Equal(1.0, buffer.MaxPriority);
        Assert.Equal(1.0, buffer.GetPriority(0));
    }

    [Fact]
    public void Snapshot_RoundTrip_IsBitIdenticalAndSamplesAlike()
    {
        var buffer = new PrioritizedReplayBuffer(4, 1, 0.6);
        for (int t = 0; t < 6; t++)
        {
            Add(buffer, t);
        }

        buffer.UpdatePriorities([0, 2, 3], [0.3f, 4f, 1.1f]);
        byte[] bytes = Snapshot.ToBytes(buffer, Clock);
        var restored = new PrioritizedReplayBuffer(4, 1, 0.6);

        Snapshot.Load(restored, bytes);

        Assert.Equal(bytes, Snapshot.ToBytes(restored, Clock));
        Assert.Equal(buffer.MaxPriority, restored.MaxPriority);
        ReplayBatch a = buffer.CreateBatch(4), b = restored.CreateBatch(4);
        buffer.Sample(4, 0.7, new Xoshiro256Random(21), a);
        restored.Sample(4, 0.7, new Xoshiro256Random(21), b);
        Assert.Equal(a.Indices.ToArray(), b.Indices.ToArray());
        Assert.Equal(a.Weights.ToArray(), b.Weights.ToArray());
        Assert.Equal(a.Observations.ToArray(), b.Observations.ToArray());
    }

    [Fact]
    public void Snapshot_OtherAlpha_ThrowsAndLeavesTargetUnchanged()
    {
        PrioritizedReplayBuffer target = Filled(alpha: 0.5, count: 2);
        byte[] before = Snapshot.ToBytes(target, Clock);

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, Snapshot.ToBytes(Filled(alpha: 0.6, count: 3))));

        Assert.Contains("alpha 0.6", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot.ToBytes(target, Clock));
    }

    // Transition t: observation (t), action t, reward t, next observation (t + 1).
    private static int Add(PrioritizedReplayBuffer buffer, int t) => buffer.Add([t], t, t, [t + 1f], false, false);

    private static PrioritizedReplayBuffer Filled(double alpha, int count)
    {
        var buffer = new PrioritizedReplayBuffer(32, 1, alpha) { PriorityEpsilon = 0.5 };
        for (int t = 0; t < count; t++)
        {
            Add(buffer, t);
        }

        return buffer;
    }
}
