namespace RlCommons.Safety.Registry;

/// <summary>An <see cref="IPolicyStore"/> in memory, for tests and short-lived processes.</summary>
/// <remarks>Thread safety: all members are thread-safe.</remarks>
public sealed class InMemoryPolicyStore : IPolicyStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, (PolicyVersion Version, byte[] Snapshot)> _versions = [];
    private readonly List<AuditEntry> _audit = [];
    private int? _current;

    /// <inheritdoc/>
    public void WriteVersion(PolicyVersion version, ReadOnlySpan<byte> snapshot)
    {
        ArgumentNullException.ThrowIfNull(version);
        byte[] copy = snapshot.ToArray();
        lock (_gate)
        {
            _versions[version.Number] = (version, copy);
        }
    }

    /// <inheritdoc/>
    public byte[] ReadSnapshot(int number)
    {
        lock (_gate)
        {
            return _versions.TryGetValue(number, out var v) ? (byte[])v.Snapshot.Clone() : throw new KeyNotFoundException($"Policy version {number} does not exist.");
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<PolicyVersion> ListVersions()
    {
        lock (_gate)
        {
            return [.. _versions.Values.Select(v => v.Version)];
        }
    }

    /// <inheritdoc/>
    public int? ReadCurrent()
    {
        lock (_gate)
        {
            return _current;
        }
    }

    /// <inheritdoc/>
    public void WriteCurrent(int? number)
    {
        lock (_gate)
        {
            _current = number;
        }
    }

    /// <inheritdoc/>
    public void AppendAudit(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            _audit.Add(entry);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> ReadAudit()
    {
        lock (_gate)
        {
            return [.. _audit];
        }
    }
}
