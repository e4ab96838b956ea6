using RlCommons.Validation;

namespace RlCommons.Algorithms.Offline;

/// <summary>
/// Options of <see cref="EpisodeLogLearner"/>: REINFORCE with a learned baseline (Williams 1992; Sutton &amp; Barto 2018,
/// §13.4) over logged episodes, with a linear softmax policy and a linear state-value baseline.
/// </summary>
public sealed class EpisodeLogLearnerOptions : AgentOptions
{
    /// <summary>The number of actions. Required.</summary>
    /// <value>The default is 0, which is invalid: set it.</value>
    public int ActionCount { get; set; }

    /// <summary>The length of the state feature vectors (include a constant 1 for an intercept). Required.</summary>
    /// <value>The default is 0, which is invalid: set it.</value>
    public int Dimension { get; set; }

    /// <summary>The policy's step size α_θ.</summary>
    /// <value>The default is 0.05.</value>
    public double LearningRate { get; set; } = 0.05;

    /// <summary>The baseline's step size α_w.</summary>
    /// <value>The default is 0.05.</value>
    public double BaselineLearningRate { get; set; } = 0.05;

    /// <summary>The discount γ of the returns, in [0, 1].</summary>
    /// <value>The default is 0.99.</value>
    public double Gamma { get; set; } = 0.99;

    /// <summary>
    /// The cap c on the per-step importance ratio min(π(a|s) / μ(a|s), c) applied when a step logs its propensity μ;
    /// steps without a propensity get ratio 1. Must be at least 1.
    /// </summary>
    /// <value>The default is 5.</value>
    public double MaxImportanceRatio { get; set; } = 5.0;

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        errors.Require(ActionCount is >= 2 and <= 4096, nameof(ActionCount), $"ActionCount must be 2 to 4096, was {ActionCount}.");
        errors.Require(Dimension is >= 1 and <= 65536, nameof(Dimension), $"Dimension must be 1 to 65536, was {Dimension}.");
        errors.RequirePositive(LearningRate, nameof(LearningRate));
        errors.RequirePositive(BaselineLearningRate, nameof(BaselineLearningRate));
        errors.RequireInRange(Gamma, 0, 1, nameof(Gamma));
        errors.Require(MaxImportanceRatio >= 1 && double.IsFinite(MaxImportanceRatio), nameof(MaxImportanceRatio), $"MaxImportanceRatio must be finite and at least 1, was {MaxImportanceRatio}.");
    }
}
