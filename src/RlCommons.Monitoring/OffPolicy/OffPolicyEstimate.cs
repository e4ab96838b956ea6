using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.OffPolicy;

/// <summary>An estimate of a target policy's expected reward per decision.</summary>
/// <param name="Estimator">The estimator's name: "IPS", "SNIPS", "DM" or "DR".</param>
/// <param name="Value">The estimated value.</param>
/// <param name="StandardError">The standard error: the sample standard deviation of the per-decision terms over √n.</param>
/// <param name="Interval">The normal-approximation interval <c>Value ± z · StandardError</c>.</param>
/// <param name="Samples">The number of logged decisions used.</param>
public sealed record OffPolicyEstimate(string Estimator, double Value, double StandardError, ConfidenceInterval Interval, int Samples);
