using RlCommons.Validation;

namespace RlCommons.Algorithms.Contextual;

/// <summary>Options of <see cref="LinearEpsilonGreedyBandit"/>.</summary>
public sealed class LinearEpsilonGreedyOptions : LinearBanditOptions
{
    /// <summary>The probability of choosing an arm uniformly at random instead of the highest prediction, in [0, 1].</summary>
    /// <value>The default is 0.1.</value>
    public double Epsilon { get; set; } = 0.1;

    /// <inheritdoc />
    protected override void ValidateLinear(ValidationErrors errors) => errors.RequireInRange(Epsilon, 0, 1, nameof(Epsilon));
}
