namespace RlCommons.Safety.Registry;

/// <summary>The metadata of one stored policy version (the snapshot itself is kept beside it in the store).</summary>
/// <param name="Number">The version number, 1-based and increasing.</param>
/// <param name="Parent">The version it was derived from, or null for a first version.</param>
/// <param name="Created">When it was registered.</param>
/// <param name="CreatedBy">Who registered it.</param>
/// <param name="Reason">Why it was registered.</param>
/// <param name="Metrics">Metrics known at registration (offline evaluation, training return), by name.</param>
/// <param name="SnapshotSha256">The hex SHA-256 of the snapshot bytes, checked whenever they are read back.</param>
public sealed record PolicyVersion(
    int Number,
    int? Parent,
    DateTimeOffset Created,
    string CreatedBy,
    string Reason,
    IReadOnlyDictionary<string, double> Metrics,
    string SnapshotSha256);
