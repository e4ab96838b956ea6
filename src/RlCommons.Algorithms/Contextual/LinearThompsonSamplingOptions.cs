using RlCommons.Validation;

namespace RlCommons.Algorithms.Contextual;

/// <summary>Options of <see cref="LinearThompsonSamplingBandit"/> (Agrawal &amp; Goyal 2013).</summary>
public sealed class LinearThompsonSamplingOptions : LinearBanditOptions
{
    /// <summary>
    /// The scale v of the posterior: θ̃ is drawn from N(θ, v²A⁻¹). The paper's theoretical value
    /// <c>R·sqrt(24 d ln(1/δ)/ε)</c> over-explores in practice; values from 0.05 to 1 are typical.
    /// </summary>
    /// <value>The default is 1.0.</value>
    public double ExplorationScale { get; set; } = 1.0;

    /// <summary>
    /// Opts out of the default numerical propensity (the deterministic integral described on
    /// <see cref="LinearThompsonSamplingBandit"/>, accurate to 1e-6): a positive <c>M</c> estimates it by Monte Carlo from
    /// <c>M</c> extra draws of every arm's score instead (standard error at most <c>0.5/√(M + 1)</c>); 0 reports
    /// <see cref="double.NaN"/>. The decisions are the same either way.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the numerical integral.</value>
    public int? PropensityDraws { get; set; }

    /// <inheritdoc />
    protected override void ValidateLinear(ValidationErrors errors)
    {
        errors.RequireNonNegative(ExplorationScale, nameof(ExplorationScale));
        errors.Require(PropensityDraws is null or >= 0, nameof(PropensityDraws), $"PropensityDraws must be null or at least 0, was {PropensityDraws}.");
    }
}
