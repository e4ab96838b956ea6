using RlCommons.Rewards;

namespace RlCommons.Core.Tests.Rewards;

public class CompositeRewardBuilderTests
{
    [Fact]
    public void Build_NoComponent_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => CompositeReward.Create<int>().Build());
        Assert.Equal("A composite reward needs at least one component.", ex.Message);
    }

    [Fact]
    public void Build_OnlyOverrides_Throws()
        => Assert.Throws<InvalidOperationException>(() => CompositeReward.Create<int>().Override("neg", x => x < 0, -1).Build());

    [Fact]
    public void Add_DuplicateName_ThrowsNamingIt()
    {
        var builder = CompositeReward.Create<int>().Add("a", 1, x => x);

        var ex = Assert.Throws<ArgumentException>(() => builder.Add("a", 2, x => x));

        Assert.Equal("name", ex.ParamName);
        Assert.StartsWith("The name 'a' is already used in this reward.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_NameOfComponent_Throws()
    {
        var builder = CompositeReward.Create<int>().Add("a", 1, x => x);

        Assert.Throws<ArgumentException>(() => builder.Override("a", x => x < 0, -1));
    }

    [Fact]
    public void Add_NamesDifferingInCase_AreDistinct()
        => Assert.Equal(
            ["a", "A"],
            CompositeReward.Create<int>().Add("a", 1, x => x).Add("A", 1, x => x).Build().ComponentNames);

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Add_NonFiniteWeight_ThrowsNamingWeight(double weight)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CompositeReward.Create<int>().Add("a", weight, x => x));

        Assert.Equal("weight", ex.ParamName);
        Assert.Contains("'a'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_AfterRejectedWeight_NameIsStillFree()
    {
        var builder = CompositeReward.Create<int>();
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add("a", double.NaN, x => x));

        // A rejected call must not reserve the name.
        builder.Add("a", 1.0, x => x);

        Assert.Equal(["a"], builder.Build().ComponentNames);
    }

    [Fact]
    public void Override_NonFiniteReward_ThrowsNamingReward()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CompositeReward.Create<int>().Override("bad", x => true, double.NaN));
        Assert.Equal("reward", ex.ParamName);
    }

    [Fact]
    public void Override_AfterRejectedReward_NameIsStillFree()
    {
        var builder = CompositeReward.Create<int>().Add("a", 1, x => x);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Override("neg", x => x < 0, double.PositiveInfinity));

        builder.Override("neg", x => x < 0, -1);

        Assert.Equal(-1, builder.Build().Compute(-5));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Add_EmptyName_Throws(string name)
        => Assert.Equal("name", Assert.Throws<ArgumentException>(() => CompositeReward.Create<int>().Add(name, 1, x => x)).ParamName);

    [Fact]
    public void Add_NullNameOrFunction_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => CompositeReward.Create<int>().Add(null!, 1, x => x));
        Assert.Throws<ArgumentNullException>(() => CompositeReward.Create<int>().Add("a", 1, null!));
        Assert.Throws<ArgumentNullException>(() => CompositeReward.Create<int>().Override("a", null!, 1));
    }

    [Fact]
    public void Build_LaterAdds_DoNotChangeBuiltReward()
    {
        var builder = CompositeReward.Create<int>().Add("a", 2, x => x);
        CompositeReward<int> reward = builder.Build();

        builder.Add("b", 100, x => x);

        Assert.Equal(6, reward.Compute(3));
        Assert.Equal(306, builder.Build().Compute(3));
    }
}
