using RlCommons.Buffers;

namespace RlCommons.Core.Tests.Buffers;

public class MinTreeTests
{
    [Fact]
    public void New_MinIsPositiveInfinity()
        => Assert.Equal(double.PositiveInfinity, new MinTree(5).Min);

    [Fact]
    public void Set_SomeLeaves_MinIgnoresUnsetLeaves()
    {
        var tree = new MinTree(5) { [0] = 3, [3] = 2.5 };

        Assert.Equal(2.5, tree.Min);
        Assert.Equal(double.PositiveInfinity, tree[4]);
    }

    [Fact]
    public void Set_RaiseMinimumLeaf_MinMovesToNextSmallest()
    {
        var tree = new MinTree(5) { [0] = 3, [1] = 1, [2] = 4, [3] = 2, [4] = 5 };

        tree[1] = 10;

        Assert.Equal(2, tree.Min);
    }

    [Fact]
    public void Set_NaN_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new MinTree(2)[0] = double.NaN);

    [Fact]
    public void Clear_ResetsToInfinity()
    {
        var tree = new MinTree(3) { [1] = 1 };

        tree.Clear();

        Assert.Equal(double.PositiveInfinity, tree.Min);
    }
}
