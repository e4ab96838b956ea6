using RlCommons.Validation;

namespace RlCommons.Algorithms.Bandits;

/// <summary>Options of <see cref="Ucb1Bandit"/> (Auer, Cesa-Bianchi &amp; Fischer 2002).</summary>
public sealed class Ucb1Options : BanditOptions
{
    /// <summary>
    /// The exploration coefficient <c>c</c> in <c>mean + c·sqrt(ln t / n)</c>. UCB1's regret bound holds for
    /// <c>c = √2</c> with rewards in [0, 1]; scale it with the reward range otherwise.
    /// </summary>
    /// <value>The default is √2 ≈ 1.4142, as in the paper.</value>
    public double Exploration { get; set; } = Math.Sqrt(2);

    /// <inheritdoc />
    protected override void ValidateBandit(ValidationErrors errors) => errors.RequireNonNegative(Exploration, nameof(Exploration));
}
