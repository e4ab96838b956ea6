namespace RlCommons.Storage;

/// <summary>The variant a unit was assigned to in an experiment; a unit keeps its first assignment.</summary>
/// <param name="ExperimentKey">The experiment.</param>
/// <param name="UnitId">The unit (user, account, session); 1–200 characters.</param>
/// <param name="Variant">The variant's name.</param>
/// <param name="Stratum">The stratum the unit belongs to, or <see langword="null"/>.</param>
/// <param name="At">When it was assigned.</param>
public sealed record StoredAssignment(string ExperimentKey, string UnitId, string Variant, string? Stratum, DateTimeOffset At);
