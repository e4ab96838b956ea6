using RlCommons.Randomness;
using RlCommons.Spaces;

namespace RlCommons.Core.Tests.Spaces;

public class BoxSpaceTests
{
    [Fact]
    public void Constructor_Scalar_FillsEveryComponent()
    {
        var box = new BoxSpace(-1f, 2f, 3);

        Assert.Equal([-1f, -1f, -1f], box.Low.ToArray());
        Assert.Equal([2f, 2f, 2f], box.High.ToArray());
        Assert.Equal([3], box.Shape.ToArray());
        Assert.Equal(3, box.FlatDimension);
    }

    [Fact]
    public void Constructor_DimensionBelowOne_ThrowsNamingDimension()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new BoxSpace(0f, 1f, 0));
        Assert.Equal("dimension", ex.ParamName);
    }

    [Fact]
    public void Constructor_Shape_KeepsRowMajorBoundsAndShape()
    {
        var box = new BoxSpace([0f, 1f, 2f, 3f, 4f, 5f], [1f, 2f, 3f, 4f, 5f, 6f], [2, 3]);

        Assert.Equal([2, 3], box.Shape.ToArray());
        Assert.Equal(6, box.FlatDimension);
        Assert.Equal(4f, box.Low[4]);
    }

    [Fact]
    public void Constructor_EmptyShape_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace([0f], [1f], ReadOnlySpan<int>.Empty));

        Assert.Equal("shape", ex.ParamName);
        Assert.StartsWith("The shape needs at least one dimension.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EmptyBounds_Throws()
    {
        // The flat constructor derives the shape [0] from empty bounds, which is not a valid dimension.
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty));
        Assert.Equal("shape", ex.ParamName);
    }

    [Fact]
    public void Constructor_ShapeWithZero_ThrowsListingShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace([0f], [1f], [2, 0]));

        Assert.Equal("shape", ex.ParamName);
        Assert.Contains("[2, 0]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BoundsLengthDiffersFromShape_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace([0f, 0f], [1f, 1f, 1f], [2]));

        Assert.Equal("low", ex.ParamName);
        Assert.Contains("got 2 and 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NaNLow_ThrowsNamingLow()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace([0f, float.NaN], [1f, 1f]));

        Assert.Equal("low", ex.ParamName);
        Assert.Contains("component 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NaNHigh_ThrowsNamingHigh()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace(0f, float.NaN, 2));
        Assert.Equal("high", ex.ParamName);
    }

    [Fact]
    public void Constructor_LowAboveHigh_ThrowsWithBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace([0f, 2.5f], [1f, 1f]));

        Assert.Equal("low", ex.ParamName);
        Assert.StartsWith("low[1] = 2.5 exceeds high[1] = 1.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_LowEqualsHigh_IsAPoint()
    {
        var box = new BoxSpace(3f, 3f, 1);

        Assert.True(box.ContainsFlat([3f]));
        Assert.False(box.ContainsFlat([3.0001f]));
    }

    [Fact]
    public void IsBounded_TrueOnlyWhenEveryBoundIsFinite()
    {
        Assert.True(new BoxSpace(-1f, 1f, 2).IsBounded);
        Assert.False(new BoxSpace([-1f, 0f], [1f, float.PositiveInfinity]).IsBounded);
        Assert.False(new BoxSpace([float.NegativeInfinity], [0f]).IsBounded);
    }

    [Theory]
    [InlineData(new float[] { -1f, 0f }, true)]
    [InlineData(new float[] { 1f, 10f }, true)]
    [InlineData(new float[] { 0.5f, 1e30f }, true)]
    [InlineData(new float[] { -1.0001f, 0f }, false)]
    [InlineData(new float[] { 1.0001f, 0f }, false)]
    [InlineData(new float[] { 0f, -0.0001f }, false)]
    [InlineData(new float[] { float.NaN, 0f }, false)]
    [InlineData(new float[] { 0f, float.NaN }, false)]
    [InlineData(new float[] { 0f, float.PositiveInfinity }, true)]
    [InlineData(new float[] { 0f }, false)]
    [InlineData(new float[] { 0f, 0f, 0f }, false)]
    public void ContainsFlat_ChecksLengthBoundsAndNaN(float[] flat, bool expected)
        => Assert.Equal(expected, new BoxSpace([-1f, 0f], [1f, float.PositiveInfinity]).ContainsFlat(flat));

    [Fact]
    public void Validate_Inside_DoesNotThrow()
        => new BoxSpace(-1f, 1f, 2).Validate([-1f, 1f], "x");

    [Fact]
    public void Validate_ComponentOutside_ThrowsNamingParameterComponentAndBounds()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace([-1f, 0f], [1f, 2f]).Validate([0f, 2.5f], "observation"));

        Assert.Equal("observation", ex.ParamName);
        Assert.StartsWith("observation[1] = 2.5 is outside [0, 2].", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NaN_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace(-1f, 1f, 1).Validate([float.NaN], "x"));

        Assert.Equal("x", ex.ParamName);
        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WrongLength_ThrowsNamingParameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace(-1f, 1f, 2).Validate([0f], "x"));

        Assert.Equal("x", ex.ParamName);
        Assert.Contains("length 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clip_ClampsEachComponentToItsBoundsAndKeepsNaN()
    {
        var box = new BoxSpace([-1f, 0f, 2f, -5f], [1f, float.PositiveInfinity, 3f, 5f]);
        float[] values = [-7f, 1e30f, 9f, float.NaN];

        box.Clip(values);

        Assert.Equal(-1f, values[0]);
        Assert.Equal(1e30f, values[1]);
        Assert.Equal(3f, values[2]);
        Assert.True(float.IsNaN(values[3]));
    }

    [Fact]
    public void Clip_InsideValues_AreUnchanged()
    {
        var box = new BoxSpace(-1f, 1f, 3);
        float[] values = [-1f, 0.25f, 1f];

        box.Clip(values);

        Assert.Equal([-1f, 0.25f, 1f], values);
    }

    [Fact]
    public void Clip_WrongLength_ThrowsNamingValues()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace(-1f, 1f, 3).Clip(new float[2]));
        Assert.Equal("values", ex.ParamName);
    }

    [Fact]
    public void SampleFlat_Bounded_IsUniformWithinBounds()
    {
        var box = new BoxSpace([2f], [6f]);
        var random = new Xoshiro256Random(21);
        var sample = new float[1];
        double sum = 0;
        const int n = 20_000;
        for (int i = 0; i < n; i++)
        {
            box.SampleFlat(random, sample);
            Assert.InRange(sample[0], 2f, 6f);
            sum += sample[0];
        }

        // Uniform on [2, 6]: mean 4, standard error sqrt(16/12 / n) ≈ 0.008.
        Assert.InRange(sum / n, 3.96, 4.04);
    }

    [Fact]
    public void SampleFlat_Bounded_MapsTheUniformDrawLinearly()
    {
        var box = new BoxSpace([-3f], [5f]);
        double u = new Xoshiro256Random(8).NextDouble();
        var sample = new float[1];

        box.SampleFlat(new Xoshiro256Random(8), sample);

        Assert.Equal((float)(-3 + (u * 8)), sample[0]);
    }

    [Fact]
    public void SampleFlat_LowerBoundOnly_IsLowPlusStandardExponential()
    {
        var box = new BoxSpace([1.5f], [float.PositiveInfinity]);
        double u = new Xoshiro256Random(9).NextDouble();
        var sample = new float[1];

        box.SampleFlat(new Xoshiro256Random(9), sample);

        Assert.Equal((float)(1.5 - Math.Log(1 - u)), sample[0]);
    }

    [Fact]
    public void SampleFlat_UpperBoundOnly_IsHighMinusStandardExponential()
    {
        var box = new BoxSpace([float.NegativeInfinity], [-2f]);
        var random = new Xoshiro256Random(10);
        var sample = new float[1];
        double sum = 0;
        const int n = 20_000;
        for (int i = 0; i < n; i++)
        {
            box.SampleFlat(random, sample);
            Assert.True(sample[0] <= -2f, $"{sample[0]} is above the upper bound.");
            sum += sample[0];
        }

        // high − Exp(1): mean −3, standard error 1/sqrt(n) ≈ 0.007.
        Assert.InRange(sum / n, -3.04, -2.96);
    }

    [Fact]
    public void SampleFlat_LowerBoundOnly_HasExponentialMean()
    {
        var box = new BoxSpace([0f], [float.PositiveInfinity]);
        var random = new Xoshiro256Random(12);
        var sample = new float[1];
        double sum = 0;
        const int n = 20_000;
        for (int i = 0; i < n; i++)
        {
            box.SampleFlat(random, sample);
            Assert.True(sample[0] >= 0f);
            sum += sample[0];
        }

        Assert.InRange(sum / n, 0.96, 1.04);
    }

    [Fact]
    public void SampleFlat_Unbounded_IsStandardNormal()
    {
        var box = new BoxSpace(float.NegativeInfinity, float.PositiveInfinity, 1);
        var random = new Xoshiro256Random(13);
        var sample = new float[1];
        double sum = 0, sumSquares = 0;
        const int n = 40_000;
        for (int i = 0; i < n; i++)
        {
            box.SampleFlat(random, sample);
            Assert.True(float.IsFinite(sample[0]));
            sum += sample[0];
            sumSquares += sample[0] * (double)sample[0];
        }

        double mean = sum / n;
        double variance = (sumSquares / n) - (mean * mean);
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
    }

    [Fact]
    public void SampleFlat_Unbounded_IsBoxMullerOfTwoUniforms()
    {
        var box = new BoxSpace(float.NegativeInfinity, float.PositiveInfinity, 1);
        var reference = new Xoshiro256Random(14);
        double u1 = reference.NextDouble(), u2 = reference.NextDouble();
        var sample = new float[1];

        box.SampleFlat(new Xoshiro256Random(14), sample);

        Assert.Equal((float)(Math.Sqrt(-2 * Math.Log(1 - u1)) * Math.Cos(2 * Math.PI * u2)), sample[0]);
    }

    [Fact]
    public void SampleFlat_SameSeed_SameSample()
    {
        var box = new BoxSpace([0f, float.NegativeInfinity, -1f], [1f, float.PositiveInfinity, float.PositiveInfinity]);
        var a = new float[3];
        var b = new float[3];

        box.SampleFlat(new Xoshiro256Random(99), a);
        box.SampleFlat(new Xoshiro256Random(99), b);

        Assert.Equal(a, b);
    }

    [Fact]
    public void SampleFlat_WrongLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxSpace(0f, 1f, 2).SampleFlat(new Xoshiro256Random(1), new float[3]));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void SampleFlat_NullRandom_Throws()
        => Assert.Throws<ArgumentNullException>(() => new BoxSpace(0f, 1f, 1).SampleFlat(null!, new float[1]));

    [Fact]
    public void Equals_SameBoundsAndShape_EqualWithSameHash()
    {
        var a = new BoxSpace([0f, 1f], [2f, 3f]);
        var b = new BoxSpace([0f, 1f], [2f, 3f]);

        Assert.True(a.Equals(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_SignedZeroBounds_EqualWithSameHash()
    {
        var a = new BoxSpace([0f], [1f]);
        var b = new BoxSpace([-0f], [1f]);

        Assert.True(a.Equals(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentBoundsShapeOrKind_NotEqual()
    {
        var a = new BoxSpace([0f, 1f], [2f, 3f]);

        Assert.False(a.Equals(new BoxSpace([0f, 1f], [2f, 4f])));
        Assert.False(a.Equals(new BoxSpace([0f, 0f], [2f, 3f])));
        Assert.False(a.Equals(new BoxSpace([0f, 1f], [2f, 3f], [2, 1])));
        Assert.False(a.Equals(new DiscreteSpace(2)));
    }

    [Fact]
    public void ToString_UniformAndNonUniform()
    {
        Assert.Equal("Box(-1, 1.5, (2))", new BoxSpace(-1f, 1.5f, 2).ToString());
        Assert.Equal("Box((2, 1))", new BoxSpace([0f, 1f], [1f, 2f], [2, 1]).ToString());
    }
}
