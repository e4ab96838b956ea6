using RlCommons.Randomness;
using RlCommons.Spaces;

namespace RlCommons.Core.Tests.Spaces;

public class MultiDiscreteSpaceTests
{
    [Fact]
    public void Constructor_Empty_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace());
        Assert.Equal("counts", ex.ParamName);
    }

    [Fact]
    public void Constructor_CountBelowOne_ThrowsNamingComponent()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace(3, 0, 2));

        Assert.Equal("counts", ex.ParamName);
        Assert.StartsWith("counts[1] must be at least 1, was 0.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlatDimension_IsSumOfCounts()
    {
        var space = new MultiDiscreteSpace(3, 1, 4);

        Assert.Equal(8, space.FlatDimension);
        Assert.Equal([3, 1, 4], space.Counts.ToArray());
    }

    [Theory]
    [InlineData(new[] { 0, 0, 0 }, true)]
    [InlineData(new[] { 2, 0, 3 }, true)]
    [InlineData(new[] { 3, 0, 0 }, false)]
    [InlineData(new[] { 0, 1, 0 }, false)]
    [InlineData(new[] { 0, 0, -1 }, false)]
    [InlineData(new[] { 0, 0 }, false)]
    [InlineData(new[] { 0, 0, 0, 0 }, false)]
    public void Contains_ChecksLengthAndEachRange(int[] values, bool expected)
        => Assert.Equal(expected, new MultiDiscreteSpace(3, 1, 4).Contains(values));

    [Fact]
    public void Validate_WrongLength_ThrowsNamingParameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace(3, 4).Validate([1], "action"));

        Assert.Equal("action", ex.ParamName);
        Assert.StartsWith("Expected 2 components, got 1.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ComponentOutside_ThrowsNamingFirstBadComponent()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace(3, 4, 2).Validate([1, 4, 9], "action"));

        Assert.Equal("action", ex.ParamName);
        Assert.StartsWith("action[1] must be in [0, 3], was 4.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Inside_DoesNotThrow()
        => new MultiDiscreteSpace(3, 4).Validate([2, 3], "action");

    [Fact]
    public void Flatten_Values_WritesConcatenatedOneHots()
    {
        var space = new MultiDiscreteSpace(3, 1, 4);
        var flat = new float[8];
        Array.Fill(flat, 5f);

        space.Flatten([2, 0, 1], flat);

        Assert.Equal([0f, 0f, 1f, 1f, 0f, 1f, 0f, 0f], flat);
        Assert.True(space.ContainsFlat(flat));
    }

    [Fact]
    public void Flatten_InvalidValues_ThrowsNamingValues()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace(2, 2).Flatten([0, 2], new float[4]));
        Assert.Equal("values", ex.ParamName);
    }

    [Fact]
    public void Flatten_WrongDestination_ThrowsNamingDestination()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace(2, 2).Flatten([0, 1], new float[3]));
        Assert.Equal("destination", ex.ParamName);
    }

    [Theory]
    [InlineData(new float[] { 1, 0, 0, 1 }, true)]
    [InlineData(new float[] { 0, 1, 1, 0 }, true)]
    [InlineData(new float[] { 1, 1, 0, 0 }, false)]
    [InlineData(new float[] { 1, 0, 0, 0 }, false)]
    [InlineData(new float[] { 1, 0, 0, 2 }, false)]
    [InlineData(new float[] { 1, 0, 1 }, false)]
    public void ContainsFlat_RequiresOneHotPerComponent(float[] flat, bool expected)
        => Assert.Equal(expected, new MultiDiscreteSpace(2, 2).ContainsFlat(flat));

    [Fact]
    public void Sample_ManyDraws_StayInsideAndCoverEveryValue()
    {
        var space = new MultiDiscreteSpace(2, 3);
        var random = new Xoshiro256Random(11);
        var seen = new HashSet<(int, int)>();
        var values = new int[2];
        for (int i = 0; i < 300; i++)
        {
            space.Sample(random, values);
            Assert.True(space.Contains(values));
            seen.Add((values[0], values[1]));
        }

        Assert.Equal(6, seen.Count);
    }

    [Fact]
    public void Sample_WrongDestination_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace(2, 3).Sample(new Xoshiro256Random(1), new int[3]));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void Sample_NullRandom_Throws()
        => Assert.Throws<ArgumentNullException>(() => new MultiDiscreteSpace(2).Sample(null!, new int[1]));

    [Fact]
    public void SampleFlat_MoreThan64Components_IsInsideAndMatchesSample()
    {
        // Above 64 components the scratch buffer moves from the stack to the heap.
        int[] counts = Enumerable.Range(0, 70).Select(i => (i % 4) + 1).ToArray();
        var space = new MultiDiscreteSpace(counts);
        var expected = new int[70];
        space.Sample(new Xoshiro256Random(5), expected);
        var flat = new float[space.FlatDimension];

        space.SampleFlat(new Xoshiro256Random(5), flat);

        var fromSample = new float[space.FlatDimension];
        space.Flatten(expected, fromSample);
        Assert.Equal(fromSample, flat);
        Assert.True(space.ContainsFlat(flat));
    }

    [Fact]
    public void SampleFlat_WrongLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace(2, 3).SampleFlat(new Xoshiro256Random(1), new float[4]));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void Equals_SameCounts_EqualWithSameHash()
    {
        var a = new MultiDiscreteSpace(2, 3);
        var b = new MultiDiscreteSpace(2, 3);

        Assert.True(a.Equals(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentCountsOrKind_NotEqual()
    {
        var a = new MultiDiscreteSpace(2, 3);

        Assert.False(a.Equals(new MultiDiscreteSpace(3, 2)));
        Assert.False(a.Equals(new MultiDiscreteSpace(2, 3, 1)));
        Assert.False(new MultiDiscreteSpace(5).Equals(new DiscreteSpace(5)));
    }

    [Fact]
    public void ToString_ListsCounts()
        => Assert.Equal("MultiDiscrete([2, 3])", new MultiDiscreteSpace(2, 3).ToString());
}
