namespace RlCommons.Core.Tests;

public class DecisionTests
{
    [Fact]
    public void Constructor_SetsEveryField()
    {
        var decision = new Decision(3, 0.25, 1.5, explored: true, sequence: 7, seed: 99);

        Assert.Equal(3, decision.Action);
        Assert.Equal(0.25, decision.Propensity);
        Assert.Equal(1.5, decision.Score);
        Assert.True(decision.Explored);
        Assert.Equal(7, decision.Sequence);
        Assert.Equal(99UL, decision.Seed);
    }

    [Fact]
    public void Equality_IsByValue()
    {
        var a = new Decision(1, 0.5, 2.0, false, 1, 5);

        Assert.Equal(a, new Decision(1, 0.5, 2.0, false, 1, 5));
        Assert.NotEqual(a, a with { Seed = 6 });
    }
}
