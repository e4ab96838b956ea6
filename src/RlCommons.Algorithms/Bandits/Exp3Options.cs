using RlCommons.Validation;

namespace RlCommons.Algorithms.Bandits;

/// <summary>Options of <see cref="Exp3Bandit"/> (Auer, Cesa-Bianchi, Freund &amp; Schapire 2002).</summary>
public sealed class Exp3Options : BanditOptions
{
    /// <summary>
    /// The exploration rate γ in (0, 1]: the share of probability spread uniformly over the arms and the scale
    /// of the weight updates. The paper's tuned value for horizon T is <c>min(1, sqrt(K ln K / ((e − 1) T)))</c>.
    /// </summary>
    /// <value>The default is 0.1.</value>
    public double Gamma { get; set; } = 0.1;

    /// <inheritdoc />
    protected override void ValidateBandit(ValidationErrors errors)
        => errors.Require(Gamma > 0 && Gamma <= 1, nameof(Gamma), $"Gamma must be in (0, 1], was {Gamma}.");
}
