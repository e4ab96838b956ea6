namespace RlCommons.Storage;

/// <summary>One metric observation of a unit in an experiment.</summary>
/// <param name="ExperimentKey">The experiment.</param>
/// <param name="UnitId">The unit.</param>
/// <param name="Metric">The metric's name; not blank.</param>
/// <param name="Value">The observed value; finite.</param>
/// <param name="At">When it was observed.</param>
public sealed record StoredObservation(string ExperimentKey, string UnitId, string Metric, double Value, DateTimeOffset At);
