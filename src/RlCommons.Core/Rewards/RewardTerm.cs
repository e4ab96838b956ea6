namespace RlCommons.Rewards;

/// <summary>One named component of a composite reward as computed for one outcome.</summary>
/// <param name="Name">The component's name.</param>
/// <param name="Weight">The component's weight.</param>
/// <param name="Value">The component's raw value for the outcome.</param>
public readonly record struct RewardTerm(string Name, double Weight, double Value)
{
    /// <summary>The component's share of the total: <c>Weight · Value</c>.</summary>
    public double Contribution => Weight * Value;
}
