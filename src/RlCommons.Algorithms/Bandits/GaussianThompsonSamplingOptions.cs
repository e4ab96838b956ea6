using RlCommons.Validation;

namespace RlCommons.Bandits;

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

    /// <summary>The number of extra posterior draws used to estimate each decision's propensity; 0 reports <see cref="double.NaN"/>.</summary>
    /// <value>The default is 100.</value>
    public int PropensityDraws { get; set; } = 100;

    /// <inheritdoc />
    protected override void ValidateBandit(ValidationErrors errors)
    {
        errors.Require(double.IsFinite(PriorMean), nameof(PriorMean), $"PriorMean must be finite, was {PriorMean}.");
        errors.RequirePositive(PriorVariance, nameof(PriorVariance));
        errors.RequirePositive(NoiseVariance, nameof(NoiseVariance));
        errors.Require(PropensityDraws >= 0, nameof(PropensityDraws), $"PropensityDraws must be at least 0, was {PropensityDraws}.");
    }
}
