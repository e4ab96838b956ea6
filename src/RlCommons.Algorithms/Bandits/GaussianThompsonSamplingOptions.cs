using RlCommons.Validation;

namespace RlCommons.Algorithms.Bandits;

/// <summary>Options of <see cref="GaussianThompsonSamplingBandit"/> (Normal rewards with known noise variance).</summary>
public sealed class GaussianThompsonSamplingOptions : BanditOptions
{
    /// <summary>The prior mean μ₀ of every arm's expected reward.</summary>
    /// <value>The default is 0.</value>
    public double PriorMean { get; set; }

    /// <summary>The prior variance σ₀² of every arm's expected reward.</summary>
    /// <value>The default is 1 (rewards on a unit scale); widen it for rewards on a larger scale.</value>
    public double PriorVariance { get; set; } = 1.0;

    /// <summary>The variance σ² of a single reward around its arm's expected reward.</summary>
    /// <value>The default is 1.</value>
    public double NoiseVariance { get; set; } = 1.0;

    /// <summary>
    /// Opts out of the default numerical propensity (the deterministic integral described on
    /// <see cref="GaussianThompsonSamplingBandit"/>, accurate to 1e-6): a positive <c>M</c> estimates it by Monte Carlo from
    /// <c>M</c> extra posterior draws instead (standard error at most <c>0.5/√(M + 1)</c>); 0 reports <see cref="double.NaN"/>.
    /// The decisions are the same either way.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the numerical integral.</value>
    public int? PropensityDraws { get; set; }

    /// <inheritdoc />
    protected override void ValidateBandit(ValidationErrors errors)
    {
        errors.Require(double.IsFinite(PriorMean), nameof(PriorMean), $"PriorMean must be finite, was {PriorMean}.");
        errors.RequirePositive(PriorVariance, nameof(PriorVariance));
        errors.RequirePositive(NoiseVariance, nameof(NoiseVariance));
        errors.Require(PropensityDraws is null or >= 0, nameof(PropensityDraws), $"PropensityDraws must be null or at least 0, was {PropensityDraws}.");
    }
}
