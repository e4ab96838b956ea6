using RlCommons.Okr.Shaping;
using RlCommons.Validation;

namespace RlCommons.Okr.Rewards;

/// <summary>The settings of an <see cref="OkrReward"/>. Validated when the reward is created.</summary>
public sealed class OkrRewardOptions
{
    /// <summary>Gets or sets the scale of the count-based exploration bonus <c>scale / √(1 + n(a))</c>; 0 turns it off.</summary>
    /// <value>The default is 0.1.</value>
    public double ExplorationScale { get; set; } = 0.1;

    /// <summary>Gets or sets how the key results are combined.</summary>
    /// <value>The default is <see cref="Aggregation.WeightedSum"/>.</value>
    public Aggregation Aggregation { get; set; } = Aggregation.WeightedSum;

    /// <summary>Gets or sets whether the potential-based shaping term γ·Φ(s′) − Φ(s), Φ = weighted progress, is added.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool PotentialShaping { get; set; }

    /// <summary>Gets or sets the discount γ of the shaping term; it must equal the learner's discount for the optimal policy to be preserved.</summary>
    /// <value>The default is 0.99 (the usual discount of SB3 and CleanRL).</value>
    public double Gamma { get; set; } = 0.99;

    /// <summary>
    /// Gets or sets whether the reward is divided by the running standard deviation of the unclipped totals seen so
    /// far (this one included; no scaling before the second). Scaling without centring keeps the sign of the reward.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool NormalizeReward { get; set; }

    /// <summary>Gets or sets ε in <c>r / √(variance + ε)</c>.</summary>
    /// <value>The default is 1e-8 (as SB3's VecNormalize).</value>
    public double NormalizationEpsilon { get; set; } = 1e-8;

    /// <summary>Gets or sets whether the (possibly normalized) reward is clipped to [−1, 1].</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Clip { get; set; }

    /// <summary>Returns a copy (every property is a value), so a reward is not changed by later edits of the caller's options.</summary>
    internal OkrRewardOptions Clone() => (OkrRewardOptions)MemberwiseClone();

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names each.</exception>
    public void Validate() => Collect().ThrowIfAny("options");

    /// <summary>Returns every problem with these options without throwing.</summary>
    /// <returns>The problems found; empty when the options are valid.</returns>
    public ValidationErrors Collect()
    {
        var errors = new ValidationErrors();
        errors.RequireNonNegative(ExplorationScale, nameof(ExplorationScale));
        errors.RequireInRange(Gamma, 0, 1, nameof(Gamma));
        errors.RequirePositive(NormalizationEpsilon, nameof(NormalizationEpsilon));
        errors.Require(Enum.IsDefined(Aggregation), nameof(Aggregation), $"Aggregation must be WeightedSum or WeightedChebyshev, was {(int)Aggregation}.");
        return errors;
    }
}
