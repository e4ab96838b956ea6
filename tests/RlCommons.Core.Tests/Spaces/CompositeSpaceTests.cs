using RlCommons.Randomness;
using RlCommons.Spaces;

namespace RlCommons.Core.Tests.Spaces;

public class CompositeSpaceTests
{
    private static CompositeSpace Sample() => new(
        ("arm", new DiscreteSpace(3)),
        ("price", new BoxSpace([0f, -1f], [10f, 1f])),
        ("flags", new MultiDiscreteSpace(2, 2)));

    [Fact]
    public void Constructor_NoPart_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CompositeSpace());
        Assert.Equal("parts", ex.ParamName);
    }

    [Fact]
    public void Constructor_DuplicateName_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CompositeSpace(("a", new DiscreteSpace(2)), ("a", new DiscreteSpace(3))));

        Assert.Equal("parts", ex.ParamName);
        Assert.StartsWith("The name 'a' is used twice.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NamesDifferingInCase_AreDistinct()
        => Assert.Equal(5, new CompositeSpace(("a", new DiscreteSpace(2)), ("A", new DiscreteSpace(3))).FlatDimension);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Constructor_EmptyName_Throws(string? name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new CompositeSpace(("ok", new DiscreteSpace(2)), (name!, new DiscreteSpace(3))));

        Assert.Equal("parts", ex.ParamName);
        Assert.StartsWith("Part 1 has an empty name.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullSpace_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CompositeSpace(("a", null!)));

        Assert.Equal("parts", ex.ParamName);
        Assert.Contains("'a'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlatDimension_IsSumOfParts()
        => Assert.Equal(3 + 2 + 4, Sample().FlatDimension);

    [Fact]
    public void Parts_AreInOrder()
        => Assert.Equal(["arm", "price", "flags"], Sample().Parts.Select(p => p.Name));

    [Fact]
    public void Indexer_ReturnsPart()
        => Assert.Equal(new BoxSpace([0f, -1f], [10f, 1f]), Sample()["price"]);

    [Fact]
    public void Indexer_UnknownName_ThrowsListingParts()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => Sample()["nope"]);

        Assert.Equal("No part is called 'nope'. Parts: arm, price, flags.", ex.Message);
    }

    [Theory]
    [InlineData("arm", 0, 3)]
    [InlineData("price", 3, 5)]
    [InlineData("flags", 5, 9)]
    public void GetSlice_ReturnsOffsetAndLength(string name, int start, int end)
    {
        Range slice = Sample().GetSlice(name);

        Assert.Equal(start, slice.Start.Value);
        Assert.Equal(end, slice.End.Value);
        Assert.False(slice.Start.IsFromEnd);
        Assert.False(slice.End.IsFromEnd);
    }

    [Fact]
    public void GetSlice_UnknownName_Throws()
        => Assert.Throws<KeyNotFoundException>(() => Sample().GetSlice("missing"));

    [Fact]
    public void ContainsFlat_ValidConcatenation_IsAccepted()
        => Assert.True(Sample().ContainsFlat([0f, 1f, 0f, 5f, 0.5f, 1f, 0f, 0f, 1f]));

    [Theory]
    [InlineData(new float[] { 0, 0, 0, 5, 0.5f, 1, 0, 0, 1 })]
    [InlineData(new float[] { 0, 1, 0, 11, 0.5f, 1, 0, 0, 1 })]
    [InlineData(new float[] { 0, 1, 0, 5, 0.5f, 1, 1, 0, 1 })]
    [InlineData(new float[] { 0, 1, 0, 5, 0.5f, 1, 0, 0 })]
    [InlineData(new float[] { 0, 1, 0, 5, 0.5f, 1, 0, 0, 1, 0 })]
    public void ContainsFlat_AnyPartInvalidOrWrongLength_IsRejected(float[] flat)
        => Assert.False(Sample().ContainsFlat(flat));

    [Fact]
    public void SampleFlat_WritesEachPartInItsSlice()
    {
        CompositeSpace space = Sample();
        var flat = new float[space.FlatDimension];

        space.SampleFlat(new Xoshiro256Random(4), flat);

        // The parts draw from one random source in order, so sampling them in order reproduces the slices.
        var random = new Xoshiro256Random(4);
        foreach (var (name, part) in space.Parts)
        {
            var expected = new float[part.FlatDimension];
            part.SampleFlat(random, expected);
            Assert.Equal(expected, flat[space.GetSlice(name)]);
        }

        Assert.True(space.ContainsFlat(flat));
    }

    [Fact]
    public void SampleFlat_WrongLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Sample().SampleFlat(new Xoshiro256Random(1), new float[8]));
        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void Equals_SameNamesAndSpaces_EqualWithSameHash()
    {
        CompositeSpace a = Sample(), b = Sample();

        Assert.True(a.Equals(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentNameOrderOrSpace_NotEqual()
    {
        var a = new CompositeSpace(("x", new DiscreteSpace(2)), ("y", new DiscreteSpace(3)));

        Assert.False(a.Equals(new CompositeSpace(("x", new DiscreteSpace(2)), ("z", new DiscreteSpace(3)))));
        Assert.False(a.Equals(new CompositeSpace(("y", new DiscreteSpace(3)), ("x", new DiscreteSpace(2)))));
        Assert.False(a.Equals(new CompositeSpace(("x", new DiscreteSpace(2)), ("y", new DiscreteSpace(4)))));
        Assert.False(a.Equals(new CompositeSpace(("x", new DiscreteSpace(2)))));
        Assert.False(a.Equals(new DiscreteSpace(5)));
    }

    [Fact]
    public void ToString_ListsParts()
        => Assert.Equal(
            "Composite(a: Discrete(2), b: Box(0, 1, (1)))",
            new CompositeSpace(("a", new DiscreteSpace(2)), ("b", new BoxSpace(0f, 1f, 1))).ToString());
}
