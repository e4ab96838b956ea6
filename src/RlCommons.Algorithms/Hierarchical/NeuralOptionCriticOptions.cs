using System.Globalization;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// Options of <see cref="NeuralOptionCriticAgent"/>, Option-Critic with function approximation (Bacon, Harb &amp;
/// Precup, <i>The Option-Critic Architecture</i>, AAAI 2017): one MLP on the observation with three heads — the critic
/// Q_Ω(s, ·), the termination logits and the intra-option policy logits — trained online, one step at a time.
/// Defaults follow the paper (γ = 0.99, ξ = 0.01) and its A2OC successor (entropy 0.01, Harb et al. 2018) unless noted.
/// </summary>
public sealed class NeuralOptionCriticOptions : AgentOptions
{
    /// <summary>The length of the observation vector; at least 1.</summary>
    /// <value>The default is 0, which is invalid: it must be set.</value>
    public int ObservationDimension { get; set; }

    /// <summary>The number of primitive actions; at least 1.</summary>
    /// <value>The default is 0, which is invalid: it must be set.</value>
    public int ActionCount { get; set; }

    /// <summary>The number of learned options; at least 1.</summary>
    /// <value>The default is 4 (the paper's Four Rooms experiment).</value>
    public int OptionCount { get; set; } = 4;

    /// <summary>The widths of the shared hidden layers (ReLU); each at least 1.</summary>
    /// <value>The default is [64, 64].</value>
    public IReadOnlyList<int> HiddenSizes { get; set; } = [64, 64];

    /// <summary>The discount factor γ in [0, 1].</summary>
    /// <value>The default is 0.99.</value>
    public double DiscountFactor { get; set; } = 0.99;

    /// <summary>Adam's step size for the whole network; positive.</summary>
    /// <value>The default is 0.001 (PyTorch's Adam default).</value>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>The probability, in [0, 1], that the policy over options picks an option uniformly instead of a greedy one.</summary>
    /// <value>The default is 0.05 (measured on the corridor and Four Rooms tests; the paper anneals from 1 to 0.1 on Atari).</value>
    public double Epsilon { get; set; } = 0.05;

    /// <summary>The termination regularizer ξ ≥ 0 added to the advantage in the termination gradient (longer options).</summary>
    /// <value>The default is 0.01 (the paper's value).</value>
    public double TerminationRegularizer { get; set; } = 0.01;

    /// <summary>The weight η ≥ 0 of the entropy bonus of the intra-option policies.</summary>
    /// <value>The default is 0.01 (A2OC, Harb et al. 2018).</value>
    public double EntropyCoefficient { get; set; } = 0.01;

    /// <summary>The largest global norm of a step's gradient; positive.</summary>
    /// <value>The default is 10.</value>
    public double MaxGradNorm { get; set; } = 10;

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        errors.Require(ObservationDimension >= 1, nameof(ObservationDimension), $"ObservationDimension must be at least 1, was {ObservationDimension}.");
        errors.Require(ActionCount >= 1, nameof(ActionCount), $"ActionCount must be at least 1, was {ActionCount}.");
        errors.Require(OptionCount >= 1, nameof(OptionCount), $"OptionCount must be at least 1, was {OptionCount}.");
        errors.Require(HiddenSizes is not null && HiddenSizes.All(h => h >= 1), nameof(HiddenSizes), "HiddenSizes must not be null and every width must be at least 1.");
        errors.RequireInRange(DiscountFactor, 0, 1, nameof(DiscountFactor));
        errors.RequirePositive(LearningRate, nameof(LearningRate));
        errors.RequireInRange(Epsilon, 0, 1, nameof(Epsilon));
        errors.RequireNonNegative(TerminationRegularizer, nameof(TerminationRegularizer));
        errors.RequireNonNegative(EntropyCoefficient, nameof(EntropyCoefficient));
        errors.Require(double.IsFinite(MaxGradNorm) && MaxGradNorm > 0, nameof(MaxGradNorm),
            string.Create(CultureInfo.InvariantCulture, $"MaxGradNorm must be positive, was {MaxGradNorm}."));
    }
}
