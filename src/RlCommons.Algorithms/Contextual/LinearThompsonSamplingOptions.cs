using RlCommons.Validation;

namespace RlCommons.Contextual;

/// <summary>Options of <see cref="LinearThompsonSamplingBandit"/> (Agrawal &amp; Goyal 2013).</summary>
public sealed class LinearThompsonSamplingOptions : LinearBanditOptions
{
    /// <summary>
    /// The scale v of the posterior: θ̃ is drawn from N(θ, v²A⁻¹). The paper's theoretical value
    /// <c>R·sqrt(24 d ln(1/δ)/ε)</c> over-explores in practice; values from 0.05 to 1 are typical.
    /// </summary>
    /// <value>The default is 1.0.</value>
    public double ExplorationScale { get; set; } = 1.0;

    /// <summary>The number of extra posterior draws used to estimate each decision's propensity; 0 reports <see cref="double.NaN"/>.</summary>
    /// <value>The default is 100.</value>
    public int PropensityDraws { get; set; } = 100;

    /// <inheritdoc />
    protected override void ValidateLinear(ValidationErrors errors)
    {
        errors.RequireNonNegative(ExplorationScale, nameof(ExplorationScale));
        errors.Require(PropensityDraws >= 0, nameof(PropensityDraws), $"PropensityDraws must be at least 0, was {PropensityDraws}.");
    }
}
