namespace RlCommons.Storage;

/// <summary>The metadata of one stored model version of a policy (its snapshot blob is kept beside it in the store).</summary>
/// <param name="PolicyId">The policy the version belongs to.</param>
/// <param name="Number">The version number: 1 for a policy's first version, one more for each later one.</param>
/// <param name="Parent">The version it was derived from, or <see langword="null"/> for a first version.</param>
/// <param name="Created">When it was added.</param>
/// <param name="CreatedBy">Who added it.</param>
/// <param name="Reason">Why it was added.</param>
/// <param name="Metrics">Metrics known when it was added (offline evaluation, training return), by name; finite.</param>
/// <param name="LogPosition">The decision-log position (<see cref="Decisions.ClosedDecision.Position"/>) through which this version has learned, when it learned from a log; a learner resumes after it, so that every closed decision is learned once.</param>
/// <param name="SnapshotSha256">The upper-case hex SHA-256 of the snapshot bytes, checked whenever they are read back.</param>
/// <param name="SnapshotLength">The length of the snapshot in bytes.</param>
public sealed record ModelVersion(
    string PolicyId,
    int Number,
    int? Parent,
    DateTimeOffset Created,
    string CreatedBy,
    string Reason,
    IReadOnlyDictionary<string, double> Metrics,
    long? LogPosition,
    string SnapshotSha256,
    long SnapshotLength);
