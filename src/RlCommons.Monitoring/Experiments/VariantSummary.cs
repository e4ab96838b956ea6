using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Experiments;

/// <summary>The per-unit metric of one variant.</summary>
/// <param name="Name">The variant's name.</param>
/// <param name="Units">The number of exposed units.</param>
/// <param name="Mean">The mean of the per-unit metric.</param>
/// <param name="StandardDeviation">The sample standard deviation (n − 1 denominator); NaN below 2 units.</param>
/// <param name="Interval">The t confidence interval of the mean; <see langword="null"/> below 2 units.</param>
public sealed record VariantSummary(string Name, int Units, double Mean, double StandardDeviation, ConfidenceInterval? Interval);
