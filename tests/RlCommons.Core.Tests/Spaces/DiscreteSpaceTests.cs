using RlCommons.Randomness;
using RlCommons.Spaces;

namespace RlCommons.Core.Tests.Spaces;

public class DiscreteSpaceTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Constructor_CountBelowOne_Throws(int count)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteSpace(count));
        Assert.Equal("count", ex.ParamName);
    }

    [Fact]
    public void Constructor_LastValueBeyondInt32_Throws()
    {
        // Start + Count - 1 must be an int, or Contains and Sample would overflow.
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteSpace(2, int.MaxValue));
        Assert.Equal("start", ex.ParamName);
    }

    [Fact]
    public void Constructor_LastValueIsInt32Max_IsAccepted()
    {
        var space = new DiscreteSpace(2, int.MaxValue - 1);

        Assert.True(space.Contains(int.MaxValue));
        Assert.False(space.Contains(int.MaxValue - 2));
    }

    [Fact]
    public void Properties_AreThoseGiven()
    {
        var space = new DiscreteSpace(4, -2);

        Assert.Equal(4, space.Count);
        Assert.Equal(-2, space.Start);
        Assert.Equal(4, space.FlatDimension);
    }

    [Theory]
    [InlineData(-2, true)]
    [InlineData(1, true)]
    [InlineData(-3, false)]
    [InlineData(2, false)]
    [InlineData(int.MinValue, false)]
    [InlineData(int.MaxValue, false)]
    public void Contains_WithStart_AcceptsExactlyTheRange(int value, bool expected)
        => Assert.Equal(expected, new DiscreteSpace(4, -2).Contains(value));

    [Fact]
    public void Contains_NegativeStartAndHugeValue_DoesNotOverflow()
    {
        // value - Start overflows int here; the check must not wrap around to "inside".
        var space = new DiscreteSpace(5, -10);

        Assert.False(space.Contains(int.MaxValue));
        Assert.False(space.Contains(int.MaxValue - 5));
    }

    [Fact]
    public void Validate_Inside_DoesNotThrow()
    {
        var space = new DiscreteSpace(3, 1);
        space.Validate(1, "action");
        space.Validate(3, "action");
    }

    [Fact]
    public void Validate_Outside_ThrowsNamingParameterAndRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteSpace(3, 1).Validate(4, "action"));

        Assert.Equal("action", ex.ParamName);
        Assert.Equal(4, ex.ActualValue);
        Assert.StartsWith("action must be in [1, 3].", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flatten_Value_WritesOneHotAtOffsetFromStart()
    {
        var space = new DiscreteSpace(4, 10);
        float[] flat = [7f, 7f, 7f, 7f];

        space.Flatten(12, flat);

        Assert.Equal([0f, 0f, 1f, 0f], flat);
    }

    [Fact]
    public void Flatten_ValueOutside_ThrowsNamingValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteSpace(4).Flatten(4, new float[4]));
        Assert.Equal("value", ex.ParamName);
    }

    [Fact]
    public void Flatten_WrongDestinationLength_ThrowsNamingDestination()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DiscreteSpace(4).Flatten(1, new float[3]));

        Assert.Equal("destination", ex.ParamName);
        Assert.Contains("length 4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("got 3", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new float[] { 0, 1, 0 }, true)]
    [InlineData(new float[] { 1, 0, 0 }, true)]
    [InlineData(new float[] { 0, 0, 0 }, false)]
    [InlineData(new float[] { 1, 1, 0 }, false)]
    [InlineData(new float[] { 0, 0.5f, 0 }, false)]
    [InlineData(new float[] { 0, 1, -1 }, false)]
    [InlineData(new float[] { 0, 1 }, false)]
    [InlineData(new float[] { 0, 1, 0, 0 }, false)]
    public void ContainsFlat_AcceptsOnlyOneHotOfRightLength(float[] flat, bool expected)
        => Assert.Equal(expected, new DiscreteSpace(3, 5).ContainsFlat(flat));

    [Fact]
    public void ContainsFlat_NaN_IsRejected()
        => Assert.False(new DiscreteSpace(2).ContainsFlat([1f, float.NaN]));

    [Fact]
    public void Sample_ManyDraws_CoverEveryValueAndStayInside()
    {
        var space = new DiscreteSpace(5, -2);
        var random = new Xoshiro256Random(7);
        var seen = new HashSet<int>();
        for (int i = 0; i < 500; i++)
        {
            int value = space.Sample(random);
            Assert.True(space.Contains(value), $"{value} is outside the space.");
            seen.Add(value);
        }

        Assert.Equal([-2, -1, 0, 1, 2], seen.Order());
    }

    [Fact]
    public void Sample_NullRandom_Throws()
        => Assert.Throws<ArgumentNullException>(() => new DiscreteSpace(2).Sample(null!));

    [Fact]
    public void SampleFlat_SameSeed_SameOneHotAsSample()
    {
        var space = new DiscreteSpace(6);
        int expected = space.Sample(new Xoshiro256Random(3));
        var flat = new float[6];

        space.SampleFlat(new Xoshiro256Random(3), flat);

        Assert.Equal(1f, flat[expected]);
        Assert.True(space.ContainsFlat(flat));
    }

    [Fact]
    public void SampleFlat_WrongLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DiscreteSpace(3).SampleFlat(new Xoshiro256Random(1), new float[2]));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void Equals_SameCountAndStart_EqualWithSameHash()
    {
        Space a = new DiscreteSpace(3, 1);
        Space b = new DiscreteSpace(3, 1);

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentCountStartOrKind_NotEqual()
    {
        var a = new DiscreteSpace(3, 1);

        Assert.False(a.Equals(new DiscreteSpace(3, 0)));
        Assert.False(a.Equals(new DiscreteSpace(4, 1)));
        Assert.False(a.Equals(new MultiDiscreteSpace(3)));
        Assert.False(a.Equals((object?)null));
        Assert.False(a.Equals("Discrete(3, start=1)"));
    }

    [Fact]
    public void ToString_ShowsCountAndNonZeroStart()
    {
        Assert.Equal("Discrete(3)", new DiscreteSpace(3).ToString());
        Assert.Equal("Discrete(3, start=-1)", new DiscreteSpace(3, -1).ToString());
    }
}
