namespace RlCommons.Storage;

/// <summary>Where the history of policy adjustments lives: every status change of every adjustment, append-only.</summary>
/// <remarks>Thread safety: implementations are safe to call from many threads and, for database stores, many processes.</remarks>
public interface IAdjustmentStore
{
    /// <summary>Appends a status change.</summary>
    /// <param name="change">The change.</param>
    /// <exception cref="ArgumentException">A field is invalid; nothing is stored.</exception>
    void Append(StoredAdjustment change);

    /// <summary>Reads a policy's adjustment history, in the order it was appended.</summary>
    /// <param name="policyId">The policy.</param>
    /// <returns>The status changes.</returns>
    IReadOnlyList<StoredAdjustment> Read(string policyId);
}
