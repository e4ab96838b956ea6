using RlCommons.Features;
using RlCommons.Snapshots;

namespace RlCommons.Core.Tests.Features;

public class RunningMeanVarianceTests
{
    private static readonly float[][] Data =
    [
        [1.5f, -20f, 3.25f],
        [2.75f, -18.5f, 3.25f],
        [-0.5f, -22.125f, 3.25f],
        [4f, -19f, 3.25f],
        [3.125f, -21.75f, 3.25f],
        [0.25f, -17.5f, 3.25f],
        [1f, -20.25f, 3.25f],
    ];

    [Fact]
    public void Constructor_DimensionBelowOne_Throws()
        => Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => new RunningMeanVariance(0)).ParamName);

    [Fact]
    public void New_HasZeroCountMeanAndVariance()
    {
        var stats = new RunningMeanVariance(2);

        Assert.Equal(0, stats.Count);
        Assert.Equal(2, stats.Dimension);
        Assert.Equal([0.0, 0.0], Mean(stats));
        Assert.Equal([0.0, 0.0], Variance(stats));
    }

    [Fact]
    public void Update_FixedData_MeanAndVarianceMatchTwoPass()
    {
        var stats = new RunningMeanVariance(3);
        foreach (float[] row in Data)
        {
            stats.Update(row);
        }

        double[] mean = Mean(stats), variance = Variance(stats);
        for (int j = 0; j < 3; j++)
        {
            // Two-pass reference: the mean first, then the mean squared deviation (population variance).
            double expectedMean = Data.Sum(r => (double)r[j]) / Data.Length;
            double expectedVariance = Data.Sum(r => (r[j] - expectedMean) * (r[j] - expectedMean)) / Data.Length;
            Assert.Equal(expectedMean, mean[j], 1e-12);
            Assert.Equal(expectedVariance, variance[j], 1e-12);
        }

        Assert.Equal(7, stats.Count);
        Assert.Equal(0.0, variance[2]);
    }

    [Fact]
    public void Update_TwoValues_GivesExactMeanAndPopulationVariance()
    {
        var stats = new RunningMeanVariance(1);
        stats.Update([1f]);

        Assert.Equal([0.0], Variance(stats));

        stats.Update([3f]);

        Assert.Equal([2.0], Mean(stats));
        Assert.Equal([1.0], Variance(stats));
    }

    [Fact]
    public void Update_NaN_ThrowsAndLeavesStatisticsUnchanged()
    {
        var stats = new RunningMeanVariance(2);
        stats.Update([1f, 2f]);

        var ex = Assert.Throws<ArgumentException>(() => stats.Update([5f, float.NaN]));

        Assert.Equal("values", ex.ParamName);
        Assert.StartsWith("values[1] is NaN", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, stats.Count);
        Assert.Equal([1.0, 2.0], Mean(stats));
    }

    [Fact]
    public void Update_Infinity_Throws()
        => Assert.Throws<ArgumentException>(() => new RunningMeanVariance(1).Update([float.NegativeInfinity]));

    [Fact]
    public void Update_WrongLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RunningMeanVariance(2).Update([1f]));

        Assert.Equal("values", ex.ParamName);
        Assert.StartsWith("Expected 2 values, got 1.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetMeanGetVariance_WrongLength_Throw()
    {
        var stats = new RunningMeanVariance(2);

        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => stats.GetMean(new double[3])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => stats.GetVariance(new double[1])).ParamName);
    }

    [Fact]
    public void Normalize_MeanTwoVarianceOne_ExactValues()
    {
        RunningMeanVariance stats = OneThree();
        var result = new float[1];

        // sqrt(1 + 3) = 2, so (4 - 2) / 2 = 1 exactly.
        stats.Normalize([4f], result, epsilon: 3, clip: 10);
        Assert.Equal(1f, result[0]);

        stats.Normalize([0f], result, epsilon: 3, clip: 10);
        Assert.Equal(-1f, result[0]);
    }

    [Theory]
    [InlineData(100f, 10.0, 10f)]
    [InlineData(-100f, 10.0, -10f)]
    [InlineData(100f, 0.5, 0.5f)]
    [InlineData(2.5f, 0.5, 0.25f)]
    public void Normalize_Clip_BoundsMagnitude(float value, double clip, float expected)
    {
        var result = new float[1];

        OneThree().Normalize([value], result, epsilon: 3, clip: clip);

        Assert.Equal(expected, result[0]);
    }

    [Fact]
    public void Normalize_NoData_DividesBySqrtEpsilon()
    {
        var result = new float[1];

        new RunningMeanVariance(1).Normalize([1f], result, epsilon: 0.25, clip: 10);

        Assert.Equal(2f, result[0]);
    }

    [Fact]
    public void Normalize_DefaultEpsilon_ConstantFeatureGivesZero()
    {
        var stats = new RunningMeanVariance(1);
        stats.Update([5f]);
        stats.Update([5f]);
        var result = new float[1];

        stats.Normalize([5f], result);

        Assert.Equal(0f, result[0]);
    }

    [Fact]
    public void Normalize_InPlace_Works()
    {
        float[] values = [4f];

        OneThree().Normalize(values, values, epsilon: 3, clip: 10);

        Assert.Equal(1f, values[0]);
    }

    [Theory]
    [InlineData(0.0, 10.0, "epsilon")]
    [InlineData(-1e-8, 10.0, "epsilon")]
    [InlineData(double.NaN, 10.0, "epsilon")]
    [InlineData(1e-8, 0.0, "clip")]
    [InlineData(1e-8, -1.0, "clip")]
    [InlineData(1e-8, double.NaN, "clip")]
    public void Normalize_NonPositiveEpsilonOrClip_Throws(double epsilon, double clip, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OneThree().Normalize([1f], new float[1], epsilon, clip));
        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void Normalize_WrongLengths_Throw()
    {
        RunningMeanVariance stats = OneThree();

        Assert.Equal("values", Assert.Throws<ArgumentException>(() => stats.Normalize([1f, 2f], new float[1])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => stats.Normalize([1f], new float[2])).ParamName);
    }

    [Fact]
    public void Snapshot_RoundTrip_RestoresExactState()
    {
        var stats = new RunningMeanVariance(3);
        foreach (float[] row in Data)
        {
            stats.Update(row);
        }

        var restored = new RunningMeanVariance(3);
        Snapshot.Load(restored, Snapshot.ToBytes(stats));

        Assert.Equal(stats.Count, restored.Count);
        Assert.Equal(Mean(stats).Select(BitConverter.DoubleToInt64Bits), Mean(restored).Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(Variance(stats).Select(BitConverter.DoubleToInt64Bits), Variance(restored).Select(BitConverter.DoubleToInt64Bits));

        // The restored statistics keep learning exactly as the original would.
        stats.Update([9f, 9f, 9f]);
        restored.Update([9f, 9f, 9f]);
        Assert.Equal(Variance(stats), Variance(restored));
    }

    [Fact]
    public void Snapshot_OtherDimension_ThrowsAndKeepsState()
    {
        RunningMeanVariance target = OneThree();
        byte[] before = Snapshot.ToBytes(target, Clock);

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, Snapshot.ToBytes(new RunningMeanVariance(2))));

        Assert.Contains("2 components", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot.ToBytes(target, Clock));
    }

    [Fact]
    public void Snapshot_Metadata_IsStable()
    {
        var stats = new RunningMeanVariance(1);

        Assert.Equal("RlCommons.RunningMeanVariance", stats.SnapshotType);
        Assert.Equal(1, stats.SnapshotVersion);
    }

    private static TimeProvider Clock { get; } = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static RunningMeanVariance OneThree()
    {
        var stats = new RunningMeanVariance(1);
        stats.Update([1f]);
        stats.Update([3f]);
        return stats;
    }

    private static double[] Mean(RunningMeanVariance stats)
    {
        var mean = new double[stats.Dimension];
        stats.GetMean(mean);
        return mean;
    }

    private static double[] Variance(RunningMeanVariance stats)
    {
        var variance = new double[stats.Dimension];
        stats.GetVariance(variance);
        return variance;
    }
}
