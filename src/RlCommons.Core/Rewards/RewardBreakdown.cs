namespace RlCommons.Rewards;

/// <summary>A computed reward with the parts it was made of, so that a reward can be explained and audited.</summary>
/// <remarks>
/// Produced by <see cref="CompositeReward{TOutcome}.Explain"/> and by RlCommons.Okr's <c>OkrReward.Compute</c>; the
/// latter may normalize or clip what the agent learns from, which it reports in <see cref="Reward"/>.
/// </remarks>
/// <param name="Total">The sum of the contributions, added in order, or the override's value when one applied.</param>
/// <param name="Terms">Every component, in the order it was added, with its raw value and weight.</param>
/// <param name="AppliedOverride">The name of the override rule that set the total, or <see langword="null"/>.</param>
public sealed record RewardBreakdown(double Total, IReadOnlyList<RewardTerm> Terms, string? AppliedOverride)
{
    /// <summary>Gets the reward to learn from: <see cref="Total"/> after the normalization or clipping its producer applies, if any.</summary>
    /// <value>The default is <see cref="Total"/>.</value>
    public double Reward { get; init; } = Total;

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
