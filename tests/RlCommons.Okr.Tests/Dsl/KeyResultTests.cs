using RlCommons.Okr.Dsl;

namespace RlCommons.Okr.Tests.Dsl;

public class KeyResultTests
{
    [Theory]
    [InlineData(Direction.Maximize, 100.0, 0.0, 0.0)]
    [InlineData(Direction.Maximize, 100.0, 60.0, 0.6)]
    [InlineData(Direction.Maximize, 100.0, 100.0, 1.0)]
    [InlineData(Direction.Maximize, 100.0, 250.0, 1.0)]
    [InlineData(Direction.Maximize, 100.0, -20.0, -0.2)]
    [InlineData(Direction.Minimize, 50.0, 100.0, 0.5)]
    [InlineData(Direction.Minimize, 50.0, 80.0, 0.625)]
    [InlineData(Direction.Minimize, 50.0, 50.0, 1.0)]
    [InlineData(Direction.Minimize, 50.0, 10.0, 1.0)]
    [InlineData(Direction.Minimize, 50.0, 0.0, 1.0)]
    public void Progress_Table_IsCappedAtOne(Direction direction, double target, double value, double expected)
    {
        Okr okr = Okr.Create("o").WithObjective("x").WithKeyResult("m", target, direction).Build();

        Assert.Equal(expected, okr.KeyResults[0].Progress(value), 15);
    }
}
