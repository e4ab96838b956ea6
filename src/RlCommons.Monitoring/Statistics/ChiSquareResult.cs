namespace RlCommons.Monitoring.Statistics;

/// <summary>The outcome of a χ² test of independence.</summary>
/// <param name="Statistic">The χ² statistic.</param>
/// <param name="DegreesOfFreedom">The degrees of freedom, <c>(rows-1)(columns-1)</c>.</param>
/// <param name="PValue">The upper-tail p-value.</param>
public sealed record ChiSquareResult(double Statistic, int DegreesOfFreedom, double PValue);
