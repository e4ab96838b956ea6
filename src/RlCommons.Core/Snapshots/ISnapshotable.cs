namespace RlCommons.Snapshots;

/// <summary>
/// Something whose complete state can be written to and read from a <see cref="Snapshot"/>: agents, feature
/// normalizers, and whatever else must survive a restart bit for bit.
/// </summary>
/// <remarks>
/// Implementations must make <see cref="ReadSnapshot"/> all-or-nothing: parse everything into new objects
/// first, validate it against the current configuration, and only then replace the live state, so that a
/// snapshot that does not fit leaves the object exactly as it was.
/// </remarks>
public interface ISnapshotable
{
    /// <summary>The type name written in the snapshot header and checked on load (for example "RlCommons.LinUcbBandit").</summary>
    string SnapshotType { get; }

    /// <summary>The version of the payload layout that <see cref="WriteSnapshot"/> produces.</summary>
    int SnapshotVersion { get; }

    /// <summary>Writes the complete state.</summary>
    /// <param name="writer">The payload writer.</param>
    void WriteSnapshot(SnapshotWriter writer);

    /// <summary>Replaces the state with the one in <paramref name="reader"/>, all or nothing.</summary>
    /// <param name="reader">The payload reader, positioned at the start of the payload.</param>
    /// <param name="version">The payload layout version recorded in the snapshot.</param>
    /// <exception cref="SnapshotException">The payload is malformed or does not fit this object's configuration.</exception>
    void ReadSnapshot(SnapshotReader reader, int version);
}
