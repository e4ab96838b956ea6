using System.Globalization;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// Options of <see cref="NeuralSmdpQLearningAgent"/>: SMDP Q-learning over options (Bradtke &amp; Duff 1995; Sutton,
/// Precup &amp; Singh 1999, §3.2) with Q(s, ·) an MLP on an observation vector, trained from a replay of option
/// transitions against a periodically copied target network (the DQN recipe of Mnih et al. 2015). The shared
/// settings (states, actions, options, γ, ε) are those of <see cref="OptionValueOptions"/>;
/// <see cref="OptionValueOptions.LearningRate"/> is Adam's step size here and defaults to 0.001, and
/// <see cref="OptionValueOptions.InitialValue"/> is a constant added to every network output (0 leaves the network as
/// initialized; a positive value makes the start optimistic).
/// </summary>
public sealed class NeuralSmdpQLearningOptions : OptionValueOptions
{
    /// <summary>Creates the options with Adam's step size 0.001 (PyTorch's default) in place of the tabular α = 1/8.</summary>
    public NeuralSmdpQLearningOptions() => LearningRate = 1e-3;

    /// <summary>The length of the observation vector the network reads; at least 1.</summary>
    /// <value>The default is 0, which is invalid: it must be set.</value>
    public int ObservationDimension { get; set; }

    /// <summary>The widths of the hidden layers (ReLU); each at least 1.</summary>
    /// <value>The default is [64, 64] (the SB3 DQN network).</value>
    public IReadOnlyList<int> HiddenSizes { get; set; } = [64, 64];

    /// <summary>The number of option transitions the replay keeps; at least <see cref="BatchSize"/>.</summary>
    /// <value>The default is 10 000.</value>
    public int BufferSize { get; set; } = 10_000;

    /// <summary>The number of option transitions per gradient step; at least 1.</summary>
    /// <value>The default is 32 (SB3's DQN).</value>
    public int BatchSize { get; set; } = 32;

    /// <summary>The gradient steps taken each time an option transition is stored, once the replay holds <see cref="BatchSize"/>; at least 1.</summary>
    /// <value>The default is 1.</value>
    public int GradientSteps { get; set; } = 1;

    /// <summary>The number of gradient steps between copies of the online network into the target network; at least 1.</summary>
    /// <value>The default is 100.</value>
    public int TargetUpdateInterval { get; set; } = 100;

    /// <summary>The largest global norm of the gradient; positive (SB3's DQN uses 10).</summary>
    /// <value>The default is 10.</value>
    public double MaxGradNorm { get; set; } = 10;

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        errors.Require(ObservationDimension >= 1, nameof(ObservationDimension), $"ObservationDimension must be at least 1, was {ObservationDimension}.");
        errors.Require(HiddenSizes is not null && HiddenSizes.All(h => h >= 1), nameof(HiddenSizes), "HiddenSizes must not be null and every width must be at least 1.");
        errors.Require(BatchSize >= 1, nameof(BatchSize), $"BatchSize must be at least 1, was {BatchSize}.");
        errors.Require(BufferSize >= Math.Max(BatchSize, 1), nameof(BufferSize), $"BufferSize must be at least BatchSize ({BatchSize}), was {BufferSize}.");
        errors.Require(GradientSteps >= 1, nameof(GradientSteps), $"GradientSteps must be at least 1, was {GradientSteps}.");
        errors.Require(TargetUpdateInterval >= 1, nameof(TargetUpdateInterval), $"TargetUpdateInterval must be at least 1, was {TargetUpdateInterval}.");
        errors.Require(double.IsFinite(MaxGradNorm) && MaxGradNorm > 0, nameof(MaxGradNorm),
            string.Create(CultureInfo.InvariantCulture, $"MaxGradNorm must be positive, was {MaxGradNorm}."));
    }
}
