namespace RlCommons.Storage;

/// <summary>What the caller says about a version it adds to an <see cref="IModelStore"/>; the store assigns its number and checksum.</summary>
/// <param name="Parent">The version it was derived from (an existing version of the same policy), or <see langword="null"/>.</param>
/// <param name="Created">When it was made.</param>
/// <param name="CreatedBy">Who made it; not blank.</param>
/// <param name="Reason">Why; not blank.</param>
/// <param name="Metrics">Metrics to keep with it, by name; finite values, or <see langword="null"/> for none.</param>
/// <param name="LogPosition">The decision-log position through which it has learned, or <see langword="null"/>.</param>
public sealed record NewModelVersion(
    int? Parent,
    DateTimeOffset Created,
    string CreatedBy,
    string Reason,
    IReadOnlyDictionary<string, double>? Metrics = null,
    long? LogPosition = null);
