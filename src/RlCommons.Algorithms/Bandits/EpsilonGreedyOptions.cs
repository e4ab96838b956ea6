using RlCommons.Schedules;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Bandits;

/// <summary>Options of <see cref="EpsilonGreedyBandit"/> (Sutton &amp; Barto 2018, §2.2–2.4).</summary>
public sealed class EpsilonGreedyOptions : BanditOptions
{
    /// <summary>The probability of choosing an arm uniformly at random instead of the greedy one, in [0, 1]. Used when <see cref="EpsilonSchedule"/> is not set.</summary>
    /// <value>The default is 0.1.</value>
    public double Epsilon { get; set; } = 0.1;

    /// <summary>
    /// A schedule for ε over the decision count (for example <c>Schedule.Exponential(1.0, 0.999, 0.01)</c>);
    /// its values are clamped to [0, 1]. Overrides <see cref="Epsilon"/> when set.
    /// </summary>
    /// <value>The default is <see langword="null"/> (constant <see cref="Epsilon"/>).</value>
    public Schedule? EpsilonSchedule { get; set; }

    /// <summary>The initial value estimate of every arm; a high value makes the agent try every arm early ("optimistic initial values").</summary>
    /// <value>The default is 0.</value>
    public double InitialValue { get; set; }

    /// <summary>
    /// A constant step size α in (0, 1] for the value estimates, which tracks non-stationary rewards;
    /// <see langword="null"/> uses the sample average (α = 1/n).
    /// </summary>
    /// <value>The default is <see langword="null"/> (sample average).</value>
    public double? StepSize { get; set; }

    /// <inheritdoc />
    protected override void ValidateBandit(ValidationErrors errors)
    {
        errors.RequireInRange(Epsilon, 0, 1, nameof(Epsilon));
        errors.Require(double.IsFinite(InitialValue), nameof(InitialValue), $"InitialValue must be finite, was {InitialValue}.");
        if (StepSize is { } alpha)
        {
            errors.Require(alpha > 0 && alpha <= 1, nameof(StepSize), $"StepSize must be in (0, 1], was {alpha}.");
        }
    }
}
