using RlCommons.Goals;
using RlCommons.Okr.Dsl;
using RlCommons.Okr.Progress;
using RlCommons.Okr.Tests.TestSupport;

namespace RlCommons.Okr.Tests.Progress;

public class OkrProgressTests
{
    [Fact]
    public void Evaluate_WorkedExample_MatchesHandComputedProgress()
    {
        Okr okr = RevenueOkr.Build();

        OkrProgress p = okr.Evaluate(M.Of(("monthly_recurring_revenue", 60_000), ("customer_satisfaction", 0.81), ("churn_rate", 0.06), ("customer_lifetime_value", 1_200)));

        Assert.Equal("revenue_q1", p.OkrId);
        Assert.Equal(0.6, p.KeyResults[0].Progress, 15);
        Assert.Equal(0.9, p.KeyResults[1].Progress, 15);
        Assert.Equal("USD", p.KeyResults[0].Unit);
        Assert.Equal(0.72, p.Overall, 15);
        ConstraintStatus churn = Assert.Single(p.Constraints);
        Assert.False(churn.IsMet);
        Assert.Equal(0.01, churn.Violation, 15);
        Assert.False(p.AllConstraintsMet);
        Assert.Equal("customer_lifetime_value", p.NorthStar);
        Assert.Equal(1_200, p.NorthStarValue);
    }

    [Fact]
    public void Evaluate_EverythingMet_GivesOverallOneAndNoViolation()
    {
        Okr okr = Okr.Create("o").WithObjective("x")
            .WithKeyResult("revenue", 100, Direction.Maximize, weight: 1)
            .WithKeyResult("cost", 50, Direction.Minimize, weight: 3)
            .WithConstraint("errors", Comparison.LessOrEqual, 2).Build();

        OkrProgress p = okr.Evaluate(M.Of(("revenue", 180), ("cost", 20), ("errors", 2)));

        Assert.Equal(1.0, p.Overall);
        Assert.Equal([1.0, 1.0], p.KeyResults.Select(k => k.Progress));
        Assert.True(p.AllConstraintsMet);
        Assert.Equal(0.0, p.Constraints[0].Violation);
        Assert.Null(p.NorthStarValue);
    }

    [Fact]
    public void Evaluate_Minimize_UsesTheInverseRatio()
    {
        Okr okr = Okr.Create("o").WithObjective("x")
            .WithKeyResult("revenue", 100, Direction.Maximize, weight: 1)
            .WithKeyResult("cost", 50, Direction.Minimize, weight: 3).Build();

        // revenue 0.4, cost 50/80 = 0.625; overall 0.25·0.4 + 0.75·0.625 = 0.56875.
        OkrProgress p = okr.Evaluate(M.Of(("revenue", 40), ("cost", 80)));

        Assert.Equal(0.625, p.KeyResults[1].Progress, 15);
        Assert.Equal(0.56875, p.Overall, 15);
    }

    [Fact]
    public void ToGoals_WorkedExample_GivesTheOkrThenEachKeyResult()
    {
        OkrProgress p = RevenueOkr.Build().Evaluate(M.Of(("monthly_recurring_revenue", 60_000), ("customer_satisfaction", 0.81), ("churn_rate", 0.06)));

        IReadOnlyList<GoalProgress> goals = p.ToGoals();

        Assert.Equal(["revenue_q1", "monthly_recurring_revenue", "customer_satisfaction"], goals.Select(g => g.Name));
        Assert.Equal(0.72, goals[0].Progress, 15);
        Assert.Equal(0.6, goals[1].Progress, 15);
        Assert.Equal(0.9, goals[2].Progress, 15);
    }

    [Fact]
    public void ToGoals_NegativeProgress_IsShownAsZero()
    {
        Okr okr = Okr.Create("o").WithObjective("x")
            .WithKeyResult("revenue", 100, Direction.Maximize, weight: 1)
            .WithKeyResult("margin", 10, Direction.Maximize, weight: 1).Build();

        // revenue −1.5, margin 0.5, overall −0.5 on the record; every row in [0, 1].
        OkrProgress p = okr.Evaluate(M.Of(("revenue", -150), ("margin", 5)));
        IReadOnlyList<GoalProgress> goals = p.ToGoals();

        Assert.Equal(-1.5, p.KeyResults[0].Progress, 15);
        Assert.Equal(-0.5, p.Overall, 15);
        Assert.Equal([0.0, 0.0, 0.5], goals.Select(g => g.Progress));
    }

    [Fact]
    public void Evaluate_NorthStarMissing_IsNull()
    {
        OkrProgress p = RevenueOkr.Build().Evaluate(M.Of(("monthly_recurring_revenue", 1), ("customer_satisfaction", 1), ("churn_rate", 0)));

        Assert.Equal("customer_lifetime_value", p.NorthStar);
        Assert.Null(p.NorthStarValue);
    }
}
