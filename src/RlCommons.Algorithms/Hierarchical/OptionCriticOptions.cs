using System.Globalization;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// Options of <see cref="OptionCriticAgent"/>, the tabular Option-Critic of Bacon, Harb &amp; Precup,
/// <i>The Option-Critic Architecture</i> (AAAI 2017). Defaults are the paper's Four Rooms settings (critic step 0.5,
/// intra-option and termination steps 0.25, softmax temperature 0.01, ε = 0.01, γ = 0.99) unless noted.
/// </summary>
public sealed class OptionCriticOptions : AgentOptions
{
    /// <summary>The number of discrete states; at least 1.</summary>
    /// <value>The default is 0, which is invalid: it must be set.</value>
    public int StateCount { get; set; }

    /// <summary>The number of primitive actions; at least 1.</summary>
    /// <value>The default is 0, which is invalid: it must be set.</value>
    public int ActionCount { get; set; }

    /// <summary>The number of learned options; at least 1.</summary>
    /// <value>The default is 4 (the paper's Four Rooms experiment).</value>
    public int OptionCount { get; set; } = 4;

    /// <summary>The discount factor γ in [0, 1].</summary>
    /// <value>The default is 0.99.</value>
    public double DiscountFactor { get; set; } = 0.99;

    /// <summary>The step size α of the critics Q_Ω(s, ω) and Q_U(s, ω, a), in (0, 1].</summary>
    /// <value>The default is 0.5.</value>
    public double CriticLearningRate { get; set; } = 0.5;

    /// <summary>The step size α_θ of the intra-option policy gradient; positive.</summary>
    /// <value>The default is 0.25.</value>
    public double IntraOptionLearningRate { get; set; } = 0.25;

    /// <summary>The step size α_ϑ of the termination gradient; positive.</summary>
    /// <value>The default is 0.25.</value>
    public double TerminationLearningRate { get; set; } = 0.25;

    /// <summary>The temperature T of the intra-option softmax policies π(a | s, ω) ∝ exp(θ/T); positive.</summary>
    /// <value>The default is 0.01.</value>
    public double Temperature { get; set; } = 0.01;

    /// <summary>The probability, in [0, 1], that the policy over options picks an option uniformly instead of a greedy one.</summary>
    /// <value>The default is 0.01.</value>
    public double Epsilon { get; set; } = 0.01;

    /// <summary>
    /// The termination regularizer ξ ≥ 0 added to the advantage in the termination gradient: it makes options
    /// terminate only when another is better by more than ξ, so they last longer.
    /// </summary>
    /// <value>The default is 0.01 (the paper's Arcade Learning Environment value; its Four Rooms code uses 0).</value>
    public double TerminationRegularizer { get; set; } = 0.01;

    /// <summary>The weight η ≥ 0 of the entropy bonus in the intra-option policy gradient (keeps the options' policies stochastic).</summary>
    /// <value>The default is 0.01 (as in A2OC, Harb et al. 2018; the paper's Four Rooms code uses 0).</value>
    public double EntropyCoefficient { get; set; } = 0.01;

    /// <summary>Whether the intra-option gradient uses Q_U(s, ω, a) − Q_Ω(s, ω) (a baseline that lowers variance) instead of Q_U(s, ω, a).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseBaseline { get; set; } = true;

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        errors.Require(StateCount >= 1, nameof(StateCount), $"StateCount must be at least 1, was {StateCount}.");
        errors.Require(ActionCount >= 1, nameof(ActionCount), $"ActionCount must be at least 1, was {ActionCount}.");
        errors.Require(OptionCount >= 1, nameof(OptionCount), $"OptionCount must be at least 1, was {OptionCount}.");
        errors.Require((long)Math.Max(StateCount, 0) * Math.Max(OptionCount, 0) * Math.Max(ActionCount, 0) <= Array.MaxLength, nameof(StateCount),
            $"StateCount × OptionCount × ActionCount exceeds the largest array length ({Array.MaxLength}).");
        errors.RequireInRange(DiscountFactor, 0, 1, nameof(DiscountFactor));
        errors.Require(double.IsFinite(CriticLearningRate) && CriticLearningRate > 0 && CriticLearningRate <= 1, nameof(CriticLearningRate),
            string.Create(CultureInfo.InvariantCulture, $"CriticLearningRate must be in (0, 1], was {CriticLearningRate}."));
        errors.RequirePositive(IntraOptionLearningRate, nameof(IntraOptionLearningRate));
        errors.RequirePositive(TerminationLearningRate, nameof(TerminationLearningRate));
        errors.RequirePositive(Temperature, nameof(Temperature));
        errors.RequireInRange(Epsilon, 0, 1, nameof(Epsilon));
        errors.RequireNonNegative(TerminationRegularizer, nameof(TerminationRegularizer));
        errors.RequireNonNegative(EntropyCoefficient, nameof(EntropyCoefficient));
    }
}
