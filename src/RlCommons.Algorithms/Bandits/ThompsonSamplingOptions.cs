using RlCommons.Validation;

namespace RlCommons.Bandits;

/// <summary>Options of <see cref="ThompsonSamplingBandit"/> (Beta–Bernoulli Thompson sampling).</summary>
public sealed class ThompsonSamplingOptions : BanditOptions
{
    /// <summary>The prior α of every arm's Beta posterior (pseudo-successes).</summary>
    /// <value>The default is 1 (uniform prior, as Agrawal &amp; Goyal 2012).</value>
    public double PriorAlpha { get; set; } = 1.0;

    /// <summary>The prior β of every arm's Beta posterior (pseudo-failures).</summary>
    /// <value>The default is 1 (uniform prior).</value>
    public double PriorBeta { get; set; } = 1.0;

    /// <summary>
    /// The number <c>M</c> of extra posterior draws used to estimate each decision's propensity (it has no
    /// closed form). 0 turns the estimate off and reports <see cref="double.NaN"/>: do that only when the
    /// decisions will never feed off-policy evaluation. Cost grows linearly with <c>M</c>.
    /// </summary>
    /// <value>The default is 100 (standard error of the estimate at most 0.05).</value>
    public int PropensityDraws { get; set; } = 100;

    /// <inheritdoc />
    protected override void ValidateBandit(ValidationErrors errors)
    {
        errors.RequirePositive(PriorAlpha, nameof(PriorAlpha));
        errors.RequirePositive(PriorBeta, nameof(PriorBeta));
        errors.Require(PropensityDraws >= 0, nameof(PropensityDraws), $"PropensityDraws must be at least 0, was {PropensityDraws}.");
    }
}
