namespace RlCommons.Storage;

/// <summary>Where tabular Q-values live, keyed by table, string state and string action, with update counts.</summary>
/// <remarks>Thread safety: implementations are safe to call from many threads and, for database stores, many processes.</remarks>
public interface IQTableStore
{
    /// <summary>Writes cells of a table, replacing those with the same state and action, all or nothing.</summary>
    /// <param name="tableId">The table (for example the policy id); 1–200 characters, not blank.</param>
    /// <param name="entries">The cells.</param>
    /// <exception cref="ArgumentException">A cell is invalid (blank key, non-finite value, negative count); nothing is written.</exception>
    void Upsert(string tableId, IReadOnlyList<QTableEntry> entries);

    /// <summary>Reads one cell.</summary>
    /// <param name="tableId">The table.</param>
    /// <param name="state">The state's key.</param>
    /// <param name="action">The action's key.</param>
    /// <returns>The cell, or <see langword="null"/> when it was never written.</returns>
    QTableEntry? Get(string tableId, string state, string action);

    /// <summary>Reads a whole table, ordered by state then action (ordinal).</summary>
    /// <param name="tableId">The table.</param>
    /// <returns>The cells.</returns>
    IReadOnlyList<QTableEntry> Read(string tableId);
}
