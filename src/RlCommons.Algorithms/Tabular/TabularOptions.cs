using RlCommons.Schedules;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Tabular;

/// <summary>
/// The options every tabular agent shares: the table's shape, the step size, the discount and ε-greedy exploration.
/// Defaults follow Sutton &amp; Barto, <i>Reinforcement Learning: An Introduction</i> (2nd ed., 2018), Ch. 6 examples.
/// </summary>
public abstract class TabularOptions : AgentOptions
{
    /// <summary>The number of discrete states (for example <see cref="StateDiscretizer.StateCount"/>); at least 1.</summary>
    /// <value>The default is 0, which is invalid: it must be set.</value>
    public int StateCount { get; set; }

    /// <summary>The number of discrete actions; at least 1.</summary>
    /// <value>The default is 0, which is invalid: it must be set.</value>
    public int ActionCount { get; set; }

    /// <summary>The step size α in (0, 1] of the temporal-difference update.</summary>
    /// <value>The default is 0.1.</value>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>The discount factor γ in [0, 1] applied to the next state's value.</summary>
    /// <value>The default is 0.9.</value>
    public double DiscountFactor { get; set; } = 0.9;

    /// <summary>The probability of choosing an allowed action uniformly at random instead of the greedy one, in [0, 1]. Used when <see cref="EpsilonSchedule"/> is not set.</summary>
    /// <value>The default is 0.1.</value>
    public double Epsilon { get; set; } = 0.1;

    /// <summary>
    /// A schedule for ε over the decision count (for example <c>Schedule.Linear(1.0, 0.05, 10_000)</c>); its values
    /// are clamped to [0, 1]. Overrides <see cref="Epsilon"/> when set. A schedule that decays to 0 makes SARSA's
    /// greedy policy converge to an optimal one rather than to the best ε-greedy one.
    /// </summary>
    /// <value>The default is <see langword="null"/> (constant <see cref="Epsilon"/>).</value>
    public Schedule? EpsilonSchedule { get; set; }

    /// <summary>The initial value of every table entry; a high value makes the agent try every action early ("optimistic initial values").</summary>
    /// <value>The default is 0. Within ±1e15, the domain of rewards.</value>
    public double InitialValue { get; set; }

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        errors.Require(StateCount >= 1, nameof(StateCount), $"StateCount must be at least 1, was {StateCount}.");
        errors.Require(ActionCount >= 1, nameof(ActionCount), $"ActionCount must be at least 1, was {ActionCount}.");
        errors.Require((long)Math.Max(StateCount, 0) * Math.Max(ActionCount, 0) <= Array.MaxLength, nameof(StateCount),
            $"StateCount × ActionCount ({(long)StateCount * ActionCount}) exceeds the largest array length ({Array.MaxLength}).");
        errors.Require(double.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= 1, nameof(LearningRate),
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"LearningRate must be in (0, 1], was {LearningRate}."));
        errors.RequireInRange(DiscountFactor, 0, 1, nameof(DiscountFactor));
        errors.RequireInRange(Epsilon, 0, 1, nameof(Epsilon));
        errors.Require(NumericDomain.IsReward(InitialValue), nameof(InitialValue),
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"InitialValue must be finite and within ±{NumericDomain.RewardLimit:E0} (the reward domain, which keeps every Q finite), was {InitialValue}."));
    }
}
