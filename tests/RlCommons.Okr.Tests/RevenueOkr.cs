using RlCommons.Okr.Dsl;

namespace RlCommons.Okr.Tests;

/// <summary>The OKR of the issue, the README and docs/okr.md, used by several tests.</summary>
internal static class RevenueOkr
{
    public static Okr Build() => Okr.Create("revenue_q1")
        .WithObjective("Maximize revenue while maintaining quality")
        .WithKeyResult("monthly_recurring_revenue", 100_000, Direction.Maximize, weight: 0.6, unit: "USD")
        .WithKeyResult("customer_satisfaction", 0.9, Direction.Maximize, weight: 0.4)
        .WithConstraint("churn_rate", Comparison.LessOrEqual, 0.05, penalty: 10)
        .WithNorthStar("customer_lifetime_value")
        .Build();
}
