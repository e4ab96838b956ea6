using RlCommons.Okr.Dsl;

namespace RlCommons.Okr.Tests;

public class OkrBuilderTests
{
    [Fact]
    public void Build_RevenueOkr_KeepsEverythingDeclared()
    {
        Okr okr = RevenueOkr.Build();

        Assert.Equal("revenue_q1", okr.Id);
        Assert.Equal("Maximize revenue while maintaining quality", okr.Objective);
        Assert.Equal(["monthly_recurring_revenue", "customer_satisfaction"], okr.KeyResults.Select(k => k.Metric));
        Assert.Equal("USD", okr.KeyResults[0].Unit);
        Assert.Null(okr.KeyResults[1].Unit);
        Assert.Equal(100_000, okr.KeyResults[0].Target);
        Constraint churn = Assert.Single(okr.Constraints);
        Assert.Equal("churn_rate <= 0.05", churn.Name);
        Assert.Equal(10, churn.Penalty);
        Assert.Equal(0, churn.Tolerance);
        Assert.Equal("customer_lifetime_value", okr.NorthStar);
    }

    [Theory]
    [InlineData(new[] { 0.6, 0.4 }, new[] { 0.6, 0.4 })]
    [InlineData(new[] { 3.0, 1.0 }, new[] { 0.75, 0.25 })]
    [InlineData(new[] { 1.0, 1.0, 2.0 }, new[] { 0.25, 0.25, 0.5 })]
    [InlineData(new[] { 5.0 }, new[] { 1.0 })]
    public void Build_Weights_AreNormalizedToSumToOne(double[] declared, double[] expected)
    {
        OkrBuilder builder = Okr.Create("o").WithObjective("x");
        for (int i = 0; i < declared.Length; i++)
        {
            builder.WithKeyResult($"m{i}", 1, Direction.Maximize, declared[i]);
        }

        Okr okr = builder.Build();

        Assert.Equal(expected, okr.KeyResults.Select(k => k.Weight), (a, b) => Math.Abs(a - b) < 1e-15);
        Assert.Equal(declared, okr.KeyResults.Select(k => k.DeclaredWeight));
    }

    [Fact]
    public void Build_NorthStarNotAKeyResult_IsAllowed()
    {
        Okr okr = Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).WithNorthStar("elsewhere").Build();

        Assert.Equal("elsewhere", okr.NorthStar);
    }

    public static TheoryData<Func<OkrBuilder>, string> SingleProblems => new()
    {
        { () => Okr.Create(" ").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize), "id must not be empty." },
        { () => Okr.Create("o").WithKeyResult("a", 1, Direction.Maximize), "objective must not be empty." },
        { () => Okr.Create("o").WithObjective("x"), "keyResults: at least one key result is required." },
        { () => Okr.Create("o").WithObjective("x").WithKeyResult("", 1, Direction.Maximize), "keyResults[0]: metric must not be empty." },
        {
            () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).WithKeyResult("a", 2, Direction.Minimize),
            "keyResults[1] ('a'): duplicate metric 'a', already used by keyResults[0]."
        },
        { () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize, weight: 0), "keyResults[0] ('a'): weight must be a finite number greater than 0, was 0." },
        { () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize, weight: -2), "keyResults[0] ('a'): weight must be a finite number greater than 0, was -2." },
        { () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize, weight: double.NaN), "keyResults[0] ('a'): weight must be a finite number greater than 0, was NaN." },
        { () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize, weight: double.PositiveInfinity), "keyResults[0] ('a'): weight must be a finite number greater than 0, was Infinity." },
        { () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 0, Direction.Maximize), "keyResults[0] ('a'): target must be a finite non-zero number, was 0." },
        { () => Okr.Create("o").WithObjective("x").WithKeyResult("a", double.NaN, Direction.Maximize), "keyResults[0] ('a'): target must be a finite non-zero number, was NaN." },
        { () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, (Direction)7), "keyResults[0] ('a'): direction must be Maximize or Minimize, was 7." },
        { () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize, defaultValue: double.NaN), "keyResults[0] ('a'): default must be a finite number, was NaN." },
        {
            () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).WithConstraint("c", Comparison.LessOrEqual, 1, penalty: -1),
            "constraints[0] ('c'): penalty must be a finite number greater than or equal to 0, was -1."
        },
        {
            () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).WithConstraint("c", Comparison.Equal, 1),
            "constraints[0] ('c'): an equality constraint needs a tolerance greater than 0 (a continuous metric is almost never exactly equal)."
        },
        {
            () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).WithConstraint("c", Comparison.LessOrEqual, 1, tolerance: -0.5),
            "constraints[0] ('c'): tolerance must be a finite number greater than or equal to 0, was -0.5."
        },
        {
            () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).WithConstraint("c", Comparison.LessOrEqual, double.PositiveInfinity),
            "constraints[0] ('c'): threshold must be a finite number, was Infinity."
        },
        {
            () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).WithConstraint(" ", Comparison.LessOrEqual, 1),
            "constraints[0]: metric must not be empty."
        },
        {
            () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).WithConstraint("c", (Comparison)9, 1),
            "constraints[0] ('c'): comparison must be LessOrEqual, GreaterOrEqual or Equal, was 9."
        },
        {
            () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).WithConstraint("c", Comparison.LessOrEqual, 1).WithConstraint("c", Comparison.LessOrEqual, 1, penalty: 3),
            "constraints[1] ('c'): duplicate constraint on 'c' with the same comparison and threshold."
        },
        { () => Okr.Create("o").WithObjective("x").WithKeyResult("a", 1, Direction.Maximize).WithNorthStar(""), "northStar must not be empty when it is set." },
    };

    [Theory]
    [MemberData(nameof(SingleProblems))]
    public void Build_OneProblem_ThrowsNamingIt(Func<OkrBuilder> declare, string expected)
    {
        var ex = Assert.Throws<OkrValidationException>(() => declare().Build());

        Assert.Equal([expected], ex.Errors);
        Assert.EndsWith("is not valid: " + expected, ex.Message);
    }

    [Fact]
    public void Build_SeveralProblems_ListsEveryOneInOneException()
    {
        OkrBuilder builder = Okr.Create("")
            .WithKeyResult("a", 0, Direction.Maximize, weight: -1)
            .WithKeyResult("a", 1, Direction.Minimize)
            .WithConstraint("c", Comparison.Equal, 0.5, penalty: -3);

        var ex = Assert.Throws<OkrValidationException>(builder.Build);

        string[] expected =
        [
            "id must not be empty.",
            "objective must not be empty.",
            "keyResults[0] ('a'): target must be a finite non-zero number, was 0.",
            "keyResults[0] ('a'): weight must be a finite number greater than 0, was -1.",
            "keyResults[1] ('a'): duplicate metric 'a', already used by keyResults[0].",
            "constraints[0] ('c'): penalty must be a finite number greater than or equal to 0, was -3.",
            "constraints[0] ('c'): an equality constraint needs a tolerance greater than 0 (a continuous metric is almost never exactly equal).",
        ];
        Assert.Equal(expected, ex.Errors);
        Assert.StartsWith("The OKR is not valid (7 problems): 1) id must not be empty. 2) objective must not be empty.", ex.Message);
        foreach (string problem in expected)
        {
            Assert.Contains(problem, ex.Message);
        }
    }

    [Fact]
    public void Build_ProblemWithNamedOkr_NamesTheOkr()
    {
        var ex = Assert.Throws<OkrValidationException>(() => Okr.Create("sales").WithObjective("x").Build());

        Assert.Equal("The OKR 'sales' is not valid: keyResults: at least one key result is required.", ex.Message);
    }
}
