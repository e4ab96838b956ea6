using RlCommons.Validation;

namespace RlCommons.Algorithms.Bandits;

/// <summary>Options of <see cref="SoftmaxBandit"/> (Boltzmann exploration).</summary>
public sealed class SoftmaxOptions : BanditOptions
{
    /// <summary>The temperature τ: high values explore uniformly, values near 0 act greedily. Must be positive.</summary>
    /// <value>The default is 0.1 (for rewards on a unit scale).</value>
    public double Temperature { get; set; } = 0.1;

    /// <summary>The initial value estimate of every arm.</summary>
    /// <value>The default is 0.</value>
    public double InitialValue { get; set; }

    /// <summary>A constant step size α in (0, 1], or <see langword="null"/> for the sample average.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public double? StepSize { get; set; }

    /// <inheritdoc />
    protected override void ValidateBandit(ValidationErrors errors)
    {
        errors.RequirePositive(Temperature, nameof(Temperature));
        errors.Require(double.IsFinite(InitialValue), nameof(InitialValue), $"InitialValue must be finite, was {InitialValue}.");
        if (StepSize is { } alpha)
        {
            errors.Require(alpha > 0 && alpha <= 1, nameof(StepSize), $"StepSize must be in (0, 1], was {alpha}.");
        }
    }
}
