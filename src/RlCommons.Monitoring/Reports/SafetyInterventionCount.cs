namespace RlCommons.Monitoring.Reports;

/// <summary>How often a safety guard intervened.</summary>
/// <param name="Guard">The guard or rule.</param>
/// <param name="Action">What it did, for example "block" or "fallback".</param>
/// <param name="Count">The number of interventions, non-negative.</param>
public sealed record SafetyInterventionCount(string Guard, string Action, long Count);
