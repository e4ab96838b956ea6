namespace RlCommons.Monitoring.Experiments;

/// <summary>A unit's first exposure to an experiment.</summary>
/// <param name="UnitId">The unit.</param>
/// <param name="Variant">The name of the variant it saw.</param>
/// <param name="Stratum">Its stratum, or null.</param>
/// <param name="At">When it was first exposed, from the experiment's <see cref="TimeProvider"/>.</param>
public sealed record ExperimentExposure(string UnitId, string Variant, string? Stratum, DateTimeOffset At);
