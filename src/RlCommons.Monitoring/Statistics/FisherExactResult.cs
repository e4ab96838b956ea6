namespace RlCommons.Monitoring.Statistics;

/// <summary>The outcome of Fisher's exact test.</summary>
/// <param name="OddsRatio">The sample odds ratio <c>a·d / (b·c)</c>; infinity when <c>b·c = 0</c>, NaN when a margin is 0.</param>
/// <param name="PValue">The p-value for the chosen alternative.</param>
public sealed record FisherExactResult(double OddsRatio, double PValue);
