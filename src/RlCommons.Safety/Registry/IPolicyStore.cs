namespace RlCommons.Safety.Registry;

/// <summary>
/// Where a <see cref="PolicyRegistry"/> keeps versions, the current-version pointer and the audit trail.
/// </summary>
/// <remarks>
/// Contract: <see cref="WriteVersion"/> makes a version visible all or nothing (a failed write leaves no version);
/// <see cref="WriteCurrent"/> replaces the pointer atomically; appended audit entries are never rewritten. The
/// registry serializes its calls, so stores need not be thread-safe against one registry.
/// </remarks>
public interface IPolicyStore
{
    /// <summary>Stores a new version with its snapshot bytes.</summary>
    /// <param name="version">The metadata.</param>
    /// <param name="snapshot">The snapshot bytes (RlCommons snapshot format).</param>
    void WriteVersion(PolicyVersion version, ReadOnlySpan<byte> snapshot);

    /// <summary>Reads a version's snapshot bytes.</summary>
    /// <param name="number">The version number.</param>
    /// <returns>The bytes as written.</returns>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    byte[] ReadSnapshot(int number);

    /// <summary>Lists the complete versions, by number.</summary>
    /// <returns>The versions.</returns>
    IReadOnlyList<PolicyVersion> ListVersions();

    /// <summary>Reads the current-version pointer.</summary>
    /// <returns>The current version number, or null when none (the baseline acts).</returns>
    int? ReadCurrent();

    /// <summary>Replaces the current-version pointer atomically.</summary>
    /// <param name="number">The new current version, or null for none.</param>
    void WriteCurrent(int? number);

    /// <summary>Appends an audit entry.</summary>
    /// <param name="entry">The entry.</param>
    void AppendAudit(AuditEntry entry);

    /// <summary>Reads the audit trail, oldest first.</summary>
    /// <returns>The entries.</returns>
    IReadOnlyList<AuditEntry> ReadAudit();
}
