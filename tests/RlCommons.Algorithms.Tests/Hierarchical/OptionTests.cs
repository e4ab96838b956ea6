using RlCommons.Algorithms.Hierarchical;

namespace RlCommons.Algorithms.Tests.Hierarchical;

public sealed class OptionTests
{
    [Fact]
    public void Primitive_AnyState_StartsEverywhereTakesItsActionAndAlwaysTerminates()
    {
        Option option = Option.Primitive(2, 5);

        Assert.True(option.IsPrimitive);
        Assert.Equal(2, option.PrimitiveAction);
        Assert.Equal("action 2", option.Name);
        for (int s = 0; s < 5; s++)
        {
            Assert.True(option.CanStart(s));
            Assert.Equal(2, option.ActionAt(s));
            Assert.Equal(1.0, option.TerminationAt(s));
        }
    }

    [Fact]
    public void Create_ValidTables_CopiesThem()
    {
        bool[] initiation = [true, false];
        int[] policy = [1, -1];
        double[] termination = [0.25, 1];

        Option option = Option.Create("o", initiation, policy, termination);
        initiation[0] = false;
        policy[0] = 0;
        termination[0] = 1;

        Assert.False(option.IsPrimitive);
        Assert.True(option.CanStart(0));
        Assert.Equal(1, option.ActionAt(0));
        Assert.Equal(0.25, option.TerminationAt(0));
        Assert.Equal(-1, option.ActionAt(1));
    }

    [Fact]
    public void Create_InconsistentTables_ListsEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => Option.Create(" ", [false, false], [-1, -2], [0.5, 1.5]));

        Assert.Contains("name must not be empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("initiation set is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("policy[1] must be an action", error.Message, StringComparison.Ordinal);
        Assert.Contains("termination[1] must be a probability", error.Message, StringComparison.Ordinal);
        Assert.Contains("policy[0] is −1 but the option can start or continue in state 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LengthsDiffer_ThrowsNamingTheTable()
    {
        var error = Assert.Throws<ArgumentException>(() => Option.Create("o", [true], [0, 0], [1, 1]));

        Assert.Equal("initiation", error.ParamName);
    }

    [Fact]
    public void ActionAt_StateOutOfRange_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Option.Primitive(0, 3).ActionAt(3));

        Assert.Equal("state", error.ParamName);
    }
}
