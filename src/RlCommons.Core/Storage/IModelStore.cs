namespace RlCommons.Storage;

/// <summary>
/// Where model versions live: snapshot blobs with metadata per policy, a published pointer per policy that serving
/// instances follow, and an audit trail. <see cref="InMemoryModelStore"/> ships with Core; the SQLite and PostgreSQL
/// stores keep the same contract in a database that several processes share.
/// </summary>
/// <remarks>
/// <para>Atomicity, the same for every implementation: <see cref="AddVersion"/> stores the blob, the metadata and the
/// <see cref="ModelAuditAction.Registered"/> entry all or nothing; <see cref="Publish"/> moves the pointer and appends
/// its audit entry all or nothing. A crash at any moment leaves no version without its blob or audit entry and no
/// pointer at a missing version.</para>
/// <para>Version numbers are assigned by the store (1, 2, … per policy), so that several processes may add versions.</para>
/// <para>Policy ids are compared ordinally; they are 1–200 characters, not blank.</para>
/// <para>Thread safety: implementations are safe to call from many threads and, for database stores, many processes.</para>
/// </remarks>
public interface IModelStore
{
    /// <summary>Adds a version of <paramref name="policyId"/> numbered one past its latest, with its snapshot bytes and a <see cref="ModelAuditAction.Registered"/> audit entry.</summary>
    /// <param name="policyId">The policy.</param>
    /// <param name="snapshot">The snapshot bytes; not empty.</param>
    /// <param name="version">What the caller says about the version.</param>
    /// <returns>The stored version.</returns>
    /// <exception cref="ArgumentException">The policy id, actor or reason is blank or too long, a metric is not finite, the parent does not exist, or the snapshot is empty; nothing is stored.</exception>
    ModelVersion AddVersion(string policyId, ReadOnlySpan<byte> snapshot, NewModelVersion version);

    /// <summary>The versions of <paramref name="policyId"/>, by number (empty when it has none).</summary>
    /// <param name="policyId">The policy.</param>
    /// <returns>The versions.</returns>
    IReadOnlyList<ModelVersion> ListVersions(string policyId);

    /// <summary>Reads a version's snapshot bytes and checks them against the stored checksum.</summary>
    /// <param name="policyId">The policy.</param>
    /// <param name="number">The version number.</param>
    /// <returns>The bytes as added.</returns>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    /// <exception cref="InvalidDataException">The stored bytes do not match their checksum.</exception>
    byte[] ReadSnapshot(string policyId, int number);

    /// <summary>Reads the published pointer of <paramref name="policyId"/>.</summary>
    /// <param name="policyId">The policy.</param>
    /// <returns>The published version (none, revision 0, for a policy never published).</returns>
    PublishedModel ReadPublished(string policyId);

    /// <summary>Points <paramref name="policyId"/>'s published pointer at <paramref name="number"/> (or at none) and appends <paramref name="audit"/>, atomically.</summary>
    /// <param name="policyId">The policy.</param>
    /// <param name="number">An existing version, or <see langword="null"/> to withdraw the published one.</param>
    /// <param name="audit">The audit entry: <see cref="ModelAuditAction.Promoted"/> or <see cref="ModelAuditAction.RolledBack"/> with <see cref="ModelAuditEntry.Version"/> = <paramref name="number"/>, or <see cref="ModelAuditAction.RolledBackToBaseline"/> with none.</param>
    /// <returns>The pointer after the change.</returns>
    /// <exception cref="KeyNotFoundException">No such version; nothing changes.</exception>
    /// <exception cref="ArgumentException">The audit entry does not describe this change; nothing changes.</exception>
    PublishedModel Publish(string policyId, int? number, ModelAuditEntry audit);

    /// <summary>The audit trail of <paramref name="policyId"/>, oldest first.</summary>
    /// <param name="policyId">The policy.</param>
    /// <returns>The entries.</returns>
    IReadOnlyList<ModelAuditEntry> ReadAudit(string policyId);

    /// <summary>The ids of the policies that have at least one version, ordinally sorted.</summary>
    /// <returns>The policy ids.</returns>
    IReadOnlyList<string> ListPolicies();
}
