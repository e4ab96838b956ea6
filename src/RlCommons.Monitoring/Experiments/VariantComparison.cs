using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Experiments;

/// <summary>A treatment variant against the control.</summary>
/// <param name="Name">The treatment's name.</param>
/// <param name="AbsoluteLift">The difference of means, <c>mean(treatment) − mean(control)</c>.</param>
/// <param name="AbsoluteLiftInterval">Welch's t confidence interval of the difference.</param>
/// <param name="RelativeLift">The relative lift <c>mean(treatment) / mean(control) − 1</c>; <see langword="null"/> when the control mean is 0.</param>
/// <param name="RelativeLiftInterval">The delta-method normal interval of the relative lift; <see langword="null"/> when the control mean is 0.</param>
/// <param name="PValue">Welch's two-sided p-value of the difference.</param>
/// <param name="AdjustedPValue">The p-value after Holm's correction over all treatments (equal to <paramref name="PValue"/> with one treatment).</param>
public sealed record VariantComparison(
    string Name,
    double AbsoluteLift,
    ConfidenceInterval AbsoluteLiftInterval,
    double? RelativeLift,
    ConfidenceInterval? RelativeLiftInterval,
    double PValue,
    double AdjustedPValue);
