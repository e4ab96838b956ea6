using RlCommons.Okr.Dsl;

namespace RlCommons.Okr.Tests.Dsl;

public class ConstraintTests
{
    [Theory]
    [InlineData(Comparison.LessOrEqual, 0.05, 0.0, 0.05, false, 0.0)]
    [InlineData(Comparison.LessOrEqual, 0.05, 0.0, 0.04, false, 0.0)]
    [InlineData(Comparison.LessOrEqual, 0.05, 0.0, 0.06, true, 0.2)]
    [InlineData(Comparison.LessOrEqual, 0.05, 0.01, 0.055, false, 0.0)]
    [InlineData(Comparison.LessOrEqual, 0.05, 0.01, 0.07, true, 0.4)]
    [InlineData(Comparison.GreaterOrEqual, 100.0, 0.0, 100.0, false, 0.0)]
    [InlineData(Comparison.GreaterOrEqual, 100.0, 0.0, 80.0, true, 0.2)]
    [InlineData(Comparison.GreaterOrEqual, -10.0, 0.0, -15.0, true, 0.5)]
    [InlineData(Comparison.LessOrEqual, 0.0, 0.0, 0.0, false, 0.0)]
    [InlineData(Comparison.LessOrEqual, 0.0, 0.0, 0.3, true, 0.3)]
    [InlineData(Comparison.GreaterOrEqual, 0.0, 0.0, -2.5, true, 2.5)]
    [InlineData(Comparison.Equal, 1.0, 0.1, 1.05, false, 0.0)]
    [InlineData(Comparison.Equal, 1.0, 0.1, 1.2, true, 0.2)]
    [InlineData(Comparison.Equal, 1.0, 0.1, 0.8, true, 0.2)]
    [InlineData(Comparison.Equal, 0.0, 0.5, -0.75, true, 0.75)]
    public void RelativeViolation_Table_MatchesHandComputedValue(Comparison comparison, double threshold, double tolerance, double value, bool violated, double expected)
    {
        Okr okr = Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize)
            .WithConstraint("c", comparison, threshold, tolerance: tolerance).Build();
        Constraint c = okr.Constraints[0];

        Assert.Equal(violated, c.IsViolated(value));
        Assert.Equal(expected, c.RelativeViolation(value), 12);
    }
}
