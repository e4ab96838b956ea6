using RlCommons.Rewards;

namespace RlCommons.Okr.Rewards;

/// <summary>
/// A computed OKR reward with its parts. Term names: <c>kr:&lt;metric&gt;</c> per key result,
/// <c>constraint:&lt;name&gt;</c> per constraint (for example <c>constraint:churn_rate &lt;= 0.05</c>), <c>exploration</c>,
/// <c>shaping</c> (only when potential shaping is on), and each extra component's name.
/// </summary>
/// <param name="Reward">The reward to learn from: <see cref="Total"/> after the optional normalization and clipping.</param>
/// <param name="Total">The unclipped, unnormalized reward: exactly the sum of the terms' contributions, added in order.</param>
/// <param name="Terms">Every part with its weight and raw value (contribution = weight · value).</param>
public sealed record OkrRewardBreakdown(double Reward, double Total, IReadOnlyList<RewardTerm> Terms)
{
    /// <summary>Returns the term called <paramref name="name"/>.</summary>
    /// <param name="name">The term's name.</param>
    /// <returns>The term.</returns>
    /// <exception cref="KeyNotFoundException">No term has that name.</exception>
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

            throw new KeyNotFoundException($"No reward term is called '{name}'.");
        }
    }

    /// <summary>Converts to Core's <see cref="RewardBreakdown"/> (its total is <see cref="Total"/>).</summary>
    /// <returns>The breakdown.</returns>
    public RewardBreakdown ToRewardBreakdown() => new(Total, Terms, null);
}
