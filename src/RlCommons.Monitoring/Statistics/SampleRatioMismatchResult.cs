namespace RlCommons.Monitoring.Statistics;

/// <summary>The outcome of a sample-ratio-mismatch check.</summary>
/// <param name="Statistic">The χ² goodness-of-fit statistic.</param>
/// <param name="DegreesOfFreedom">The number of variants with positive planned weight, minus 1.</param>
/// <param name="PValue">The upper-tail p-value.</param>
/// <param name="Expected">The expected unit count of each variant under the planned allocation.</param>
/// <param name="IsMismatch">Whether the p-value fell below the threshold: the allocation is broken.</param>
public sealed record SampleRatioMismatchResult(double Statistic, int DegreesOfFreedom, double PValue, IReadOnlyList<double> Expected, bool IsMismatch);
