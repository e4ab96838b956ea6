namespace RlCommons.Rewards;

/// <summary>A computed reward with the parts it was made of, so that a reward can be explained and audited.</summary>
/// <param name="Total">The reward: the sum of the contributions, or the override's value when one applied.</param>
/// <param name="Terms">Every component, in the order it was added, with its raw value and weight.</param>
/// <param name="AppliedOverride">The name of the override rule that set the total, or <see langword="null"/>.</param>
public sealed record RewardBreakdown(double Total, IReadOnlyList<RewardTerm> Terms, string? AppliedOverride)
{
    /// <summary>Returns the term called <paramref name="name"/>.</summary>
    /// <param name="name">The component's name.</param>
    /// <returns>The term.</returns>
    /// <exception cref="KeyNotFoundException">No component has that name.</exception>
    public RewardTerm this[string name]
    {
        get
        {
            foreach (RewardTerm term in Terms)
            {
                if (term.Name == name)
                {
                    return term;
                }
            }

            throw new KeyNotFoundException($"No reward component is called '{name}'.");
        }
    }
}
