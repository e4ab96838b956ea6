using RlCommons.Validation;

namespace RlCommons.Algorithms.Bandits;

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
    /// Opts out of the default numerical propensity (the deterministic integral described on
    /// <see cref="ThompsonSamplingBandit"/>, accurate to 1e-6). A positive <c>M</c> estimates each decision's propensity by
    /// Monte Carlo instead, from <c>M</c> extra posterior draws (standard error at most <c>0.5/√(M + 1)</c>, cost linear in
    /// <c>M</c>; kept to reproduce logs made before the integral existed); 0 reports <see cref="double.NaN"/> (only for
    /// decisions that never feed off-policy evaluation). Either way the decisions themselves are unchanged, and
    /// <see cref="MultiArmedBandit.GetProbabilities"/> still reports the integral.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the numerical integral.</value>
    public int? PropensityDraws { get; set; }

    /// <inheritdoc />
    protected override void ValidateBandit(ValidationErrors errors)
    {
        errors.RequirePositive(PriorAlpha, nameof(PriorAlpha));
        errors.RequirePositive(PriorBeta, nameof(PriorBeta));
        errors.Require(PropensityDraws is null or >= 0, nameof(PropensityDraws), $"PropensityDraws must be null or at least 0, was {PropensityDraws}.");
    }
}
