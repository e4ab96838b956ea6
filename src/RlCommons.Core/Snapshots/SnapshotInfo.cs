namespace RlCommons.Snapshots;

/// <summary>The header of a snapshot: what wrote it and when.</summary>
/// <param name="FormatVersion">The version of the container format.</param>
/// <param name="SnapshotType">The type name of the object that wrote the payload.</param>
/// <param name="SnapshotVersion">The version of that object's payload layout.</param>
/// <param name="CreatedAt">When the snapshot was written, from the writer's <see cref="TimeProvider"/>.</param>
/// <param name="PayloadLength">The length of the payload in bytes.</param>
public sealed record SnapshotInfo(int FormatVersion, string SnapshotType, int SnapshotVersion, DateTimeOffset CreatedAt, long PayloadLength);
