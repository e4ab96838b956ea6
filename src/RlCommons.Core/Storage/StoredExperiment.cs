namespace RlCommons.Storage;

/// <summary>An experiment as an <see cref="IExperimentStore"/> keeps it: its definition and its current status.</summary>
/// <param name="Key">The experiment's key; 1–200 characters, not blank.</param>
/// <param name="Variants">The variants in order, with their allocation weights (positive, finite).</param>
/// <param name="Created">When it was defined.</param>
/// <param name="Status">Its status (<c>Draft</c>, <c>Running</c>, <c>Stopped</c>, <c>Completed</c> for a Monitoring experiment).</param>
/// <param name="StatusReason">Why it has that status.</param>
/// <param name="StatusChanged">When it reached that status.</param>
/// <param name="Settings">The experiment's other settings as JSON (stopping rule, metric, strata), or <see langword="null"/>.</param>
public sealed record StoredExperiment(
    string Key,
    IReadOnlyList<StoredVariant> Variants,
    DateTimeOffset Created,
    string Status,
    string StatusReason,
    DateTimeOffset StatusChanged,
    string? Settings);
