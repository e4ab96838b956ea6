using System.Globalization;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// The options shared by the agents that learn option values Q(s, o) over a fixed set of options
/// (<see cref="SmdpQLearningAgent"/>, <see cref="IntraOptionQLearningAgent"/>): the state and action counts, the
/// options, the step size, the discount and ε-greedy choice among the options that can start.
/// Defaults follow the Four Rooms experiments of Sutton, Precup &amp; Singh (1999) (α = 1/8, ε = 0.1), with the
/// discount of Bacon, Harb &amp; Precup (2017) (γ = 0.99).
/// </summary>
public abstract class OptionValueOptions : AgentOptions
{
    /// <summary>The number of discrete states; at least 1, and the number of states every option covers.</summary>
    /// <value>The default is 0, which is invalid: it must be set.</value>
    public int StateCount { get; set; }

    /// <summary>The number of primitive actions; at least 1. Every option's actions must be below it.</summary>
    /// <value>The default is 0, which is invalid: it must be set.</value>
    public int ActionCount { get; set; }

    /// <summary>
    /// The options the agent chooses among (add <see cref="Option.Primitives"/> to include the primitive actions);
    /// at least one, and in every state at least one must be able to start.
    /// </summary>
    /// <value>The default is empty, which is invalid: it must be set.</value>
    public IReadOnlyList<Option> OptionSet { get; set; } = [];

    /// <summary>The step size α in (0, 1].</summary>
    /// <value>The default is 0.125 (Sutton, Precup &amp; Singh 1999).</value>
    public double LearningRate { get; set; } = 0.125;

    /// <summary>The discount factor γ in [0, 1] per primitive step.</summary>
    /// <value>The default is 0.99 (Bacon, Harb &amp; Precup 2017).</value>
    public double DiscountFactor { get; set; } = 0.99;

    /// <summary>The probability, in [0, 1], of choosing an available option uniformly instead of a greedy one.</summary>
    /// <value>The default is 0.1 (Sutton, Precup &amp; Singh 1999).</value>
    public double Epsilon { get; set; } = 0.1;

    /// <summary>The initial value of every Q(s, o).</summary>
    /// <value>The default is 0.</value>
    public double InitialValue { get; set; }

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        errors.Require(StateCount >= 1, nameof(StateCount), $"StateCount must be at least 1, was {StateCount}.");
        errors.Require(ActionCount >= 1, nameof(ActionCount), $"ActionCount must be at least 1, was {ActionCount}.");
        errors.Require(double.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= 1, nameof(LearningRate),
            string.Create(CultureInfo.InvariantCulture, $"LearningRate must be in (0, 1], was {LearningRate}."));
        errors.RequireInRange(DiscountFactor, 0, 1, nameof(DiscountFactor));
        errors.RequireInRange(Epsilon, 0, 1, nameof(Epsilon));
        errors.Require(double.IsFinite(InitialValue), nameof(InitialValue),
            string.Create(CultureInfo.InvariantCulture, $"InitialValue must be finite, was {InitialValue}."));
        if (OptionSet is null || OptionSet.Count == 0)
        {
            errors.Add(nameof(OptionSet), "OptionSet must hold at least one option.");
            return;
        }

        for (int o = 0; o < OptionSet.Count; o++)
        {
            Option? option = OptionSet[o];
            if (option is null)
            {
                errors.Add(nameof(OptionSet), $"OptionSet[{o}] is null.");
                continue;
            }

            if (option.StateCount != StateCount)
            {
                errors.Add(nameof(OptionSet), $"OptionSet[{o}] ({option.Name}) covers {option.StateCount} states; StateCount is {StateCount}.");
                continue;
            }

            for (int s = 0; s < StateCount; s++)
            {
                if (option.ActionAt(s) >= ActionCount)
                {
                    errors.Add(nameof(OptionSet), $"OptionSet[{o}] ({option.Name}) takes action {option.ActionAt(s)} in state {s}; ActionCount is {ActionCount}.");
                    break;
                }
            }
        }

        if (errors.IsValid)
        {
            for (int s = 0; s < StateCount; s++)
            {
                if (!OptionSet.Any(o => o.CanStart(s)))
                {
                    errors.Add(nameof(OptionSet), $"No option can start in state {s}.");
                    break;
                }
            }
        }
    }
}
