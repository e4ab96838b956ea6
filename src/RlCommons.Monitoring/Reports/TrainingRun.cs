using RlCommons.Monitoring.Metrics;

namespace RlCommons.Monitoring.Reports;

/// <summary>A named training run for the report.</summary>
/// <param name="Name">The run's name, for example the agent and environment.</param>
/// <param name="Snapshot">The tracker's snapshot (its history is drawn as the curve).</param>
public sealed record TrainingRun(string Name, TrainingSnapshot Snapshot);
