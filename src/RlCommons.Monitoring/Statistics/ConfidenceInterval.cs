namespace RlCommons.Monitoring.Statistics;

/// <summary>A two-sided confidence interval.</summary>
/// <param name="Low">The lower bound.</param>
/// <param name="High">The upper bound.</param>
/// <param name="Confidence">The confidence level, for example 0.95.</param>
public sealed record ConfidenceInterval(double Low, double High, double Confidence);
