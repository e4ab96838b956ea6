using RlCommons.Buffers;

namespace RlCommons.Core.Tests.Buffers;

public class SumTreeTests
{
    [Fact]
    public void Constructor_CapacityBelowOne_Throws()
        => Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => new SumTree(0)).ParamName);

    [Fact]
    public void Set_Leaves_TotalIsExactSum()
    {
        SumTree tree = Tree(1, 2, 3, 0.5, 4);

        Assert.Equal(10.5, tree.Total);
        Assert.Equal(3, tree[2]);
    }

    [Fact]
    public void Set_Overwrite_RecomputesTotal()
    {
        SumTree tree = Tree(1, 2, 3, 0.5, 4);

        tree[1] = 0.25;
        tree[4] = 0;

        Assert.Equal(4.75, tree.Total);
    }

    // Leaves 1, 2, 3, 0.5, 4 (capacity 5, so three unused zero leaves follow): prefix sums 1, 3, 6, 6.5, 10.5.
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.999, 0)]
    [InlineData(1.0, 1)]
    [InlineData(2.999, 1)]
    [InlineData(3.0, 2)]
    [InlineData(5.999, 2)]
    [InlineData(6.0, 3)]
    [InlineData(6.49, 3)]
    [InlineData(6.5, 4)]
    [InlineData(10.49, 4)]
    public void FindPrefixSum_SmallTree_ReturnsLeafWhoseIntervalHoldsMass(double mass, int expected)
        => Assert.Equal(expected, Tree(1, 2, 3, 0.5, 4).FindPrefixSum(mass));

    [Theory]
    [InlineData(10.5)]
    [InlineData(1000.0)]
    public void FindPrefixSum_MassAtOrPastTotal_ReturnsLastPositiveLeaf(double mass)
        => Assert.Equal(4, Tree(1, 2, 3, 0.5, 4).FindPrefixSum(mass));

    [Fact]
    public void FindPrefixSum_TrailingZeroLeaves_NeverReturnsZeroLeaf()
    {
        SumTree tree = Tree(1, 2, 0, 0, 0);

        Assert.Equal(1, tree.FindPrefixSum(2.5));
        Assert.Equal(1, tree.FindPrefixSum(3.0));
    }

    [Fact]
    public void FindPrefixSum_ZeroLeafInside_IsSkipped()
    {
        SumTree tree = Tree(1, 0, 2);

        Assert.Equal(0, tree.FindPrefixSum(0.5));
        Assert.Equal(2, tree.FindPrefixSum(1.0));
    }

    [Fact]
    public void FindPrefixSum_CapacityOne_ReturnsZero()
    {
        var tree = new SumTree(1) { [0] = 2.5 };

        Assert.Equal(2.5, tree.Total);
        Assert.Equal(0, tree.FindPrefixSum(2.4));
    }

    [Fact]
    public void FindPrefixSum_AllZero_ThrowsInvalidOperation()
        => Assert.Throws<InvalidOperationException>(() => new SumTree(4).FindPrefixSum(0));

    [Fact]
    public void FindPrefixSum_NegativeMass_Throws()
        => Assert.Equal("mass", Assert.Throws<ArgumentOutOfRangeException>(() => Tree(1, 2).FindPrefixSum(-0.1)).ParamName);

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Set_InvalidValue_Throws(double value)
    {
        SumTree tree = Tree(1, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => tree[0] = value);
        Assert.Equal(3, tree.Total);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void Indexer_OutOfRange_Throws(int index)
        => Assert.Throws<ArgumentOutOfRangeException>(() => Tree(1, 2)[index]);

    [Fact]
    public void Clear_ZeroesEveryLeaf()
    {
        SumTree tree = Tree(1, 2, 3);

        tree.Clear();

        Assert.Equal(0, tree.Total);
        Assert.Equal(0, tree[2]);
    }

    private static SumTree Tree(params double[] leaves)
    {
        var tree = new SumTree(leaves.Length);
        for (int i = 0; i < leaves.Length; i++)
        {
            tree[i] = leaves[i];
        }

        return tree;
    }
}
