using RlCommons.Validation;

namespace RlCommons.Monitoring.Metrics;

/// <summary>Settings of a <see cref="TrainingTracker"/>.</summary>
public sealed class TrainingTrackerOptions
{
    /// <summary>How many recent episodes (and loss or entropy values) the rolling means cover.</summary>
    /// <value>The default is 100, as SB3's episode-info buffer.</value>
    public int Window { get; set; } = 100;

    /// <summary>How many episode points the curve history keeps; the oldest are dropped beyond it.</summary>
    /// <value>The default is 10,000.</value>
    public int HistoryCapacity { get; set; } = 10_000;

    /// <summary>
    /// The reference entropy for collapse detection, for example <c>ln(actionCount)</c> for a discrete policy.
    /// Null uses the first entropy recorded.
    /// </summary>
    /// <value>The default is null.</value>
    public double? ReferenceEntropy { get; set; }

    /// <summary>
    /// The policy counts as collapsed when the rolling mean entropy (over a full window) falls below this fraction of the
    /// reference entropy: it has become (nearly) deterministic and stopped exploring.
    /// </summary>
    /// <value>The default is 0.1.</value>
    public double EntropyCollapseFraction { get; set; } = 0.1;

    /// <summary>Checks every setting and throws one exception listing every problem.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        var errors = new ValidationErrors();
        errors.Require(Window >= 1, nameof(Window), $"Window must be at least 1, was {Window}.");
        errors.Require(HistoryCapacity >= 1, nameof(HistoryCapacity), $"HistoryCapacity must be at least 1, was {HistoryCapacity}.");
        if (ReferenceEntropy is { } reference)
        {
            errors.RequirePositive(reference, nameof(ReferenceEntropy));
        }

        errors.Require(EntropyCollapseFraction > 0 && EntropyCollapseFraction < 1, nameof(EntropyCollapseFraction),
            $"EntropyCollapseFraction must be in (0, 1), was {EntropyCollapseFraction}.");
        errors.ThrowIfAny("options");
    }
}
