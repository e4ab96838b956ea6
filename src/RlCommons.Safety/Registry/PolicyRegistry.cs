using System.Security.Cryptography;
using RlCommons.Snapshots;

namespace RlCommons.Safety.Registry;

/// <summary>
/// A versioned registry of one policy's snapshots (Core <see cref="Snapshot"/> format) with metadata, a current
/// version, promotion, rollback to any version with bit-identical state, and a full audit trail (who, what, when,
/// why). Storage is behind <see cref="IPolicyStore"/>; <see cref="FileSystemPolicyStore"/> is crash-safe.
/// </summary>
/// <remarks>
/// <para>"Last good" (<see cref="LastGoodVersion"/>) is the most recent version that was current before the current one
/// and has never been rolled back from; automatic rollback goes there, or to the baseline when there is none.</para>
/// <para>Thread safety: all members are thread-safe (one lock around the store).</para>
/// </remarks>
public sealed class PolicyRegistry
{
    private readonly Lock _gate = new();
    private readonly IPolicyStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates a registry over a store (which may already hold versions).</summary>
    /// <param name="store">The storage.</param>
    /// <param name="timeProvider">The clock for creation and audit times.</param>
    public PolicyRegistry(IPolicyStore store, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _time = timeProvider;
    }

    /// <summary>Raised after every audited change, with its audit entry.</summary>
    public event EventHandler<AuditEntry>? Changed;

    /// <summary>The current version number, or null when none is current (the baseline acts).</summary>
    public int? CurrentVersion
    {
        get
        {
            lock (_gate)
            {
                return _store.ReadCurrent();
            }
        }
    }

    /// <summary>All complete versions, by number.</summary>
    public IReadOnlyList<PolicyVersion> Versions
    {
        get
        {
            lock (_gate)
            {
                return _store.ListVersions();
            }
        }
    }

    /// <summary>The audit trail, oldest first.</summary>
    public IReadOnlyList<AuditEntry> AuditTrail
    {
        get
        {
            lock (_gate)
            {
                return _store.ReadAudit();
            }
        }
    }

    /// <summary>The version to roll back to: the latest earlier current version never rolled back from; null when there is none.</summary>
    public int? LastGoodVersion
    {
        get
        {
            lock (_gate)
            {
                IReadOnlyList<AuditEntry> audit = _store.ReadAudit();
                int? current = _store.ReadCurrent();
                var bad = audit.Where(e => e.Action is AuditAction.RolledBack or AuditAction.RolledBackToBaseline && e.PreviousVersion is not null)
                    .Select(e => e.PreviousVersion!.Value).ToHashSet();
                for (int i = audit.Count - 1; i >= 0; i--)
                {
                    AuditEntry e = audit[i];
                    if (e.Action is AuditAction.Promoted or AuditAction.RolledBack && e.Version is int v && v != current && !bad.Contains(v))
                    {
                        return v;
                    }
                }

                return null;
            }
        }
    }

    /// <summary>Registers a snapshot of <paramref name="policy"/> as a new version whose parent is the current version.</summary>
    /// <param name="policy">The policy to snapshot.</param>
    /// <param name="actor">Who registers it.</param>
    /// <param name="reason">Why.</param>
    /// <param name="metrics">Metrics to keep with it.</param>
    /// <returns>The new version.</returns>
    public PolicyVersion Register(ISnapshotable policy, string actor, string reason, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Register(Snapshot.ToBytes(policy, _time), actor, reason, metrics);
    }

    /// <summary>Registers snapshot bytes as a new version whose parent is the current version.</summary>
    /// <param name="snapshot">A complete snapshot; its header and checksum are verified.</param>
    /// <param name="actor">Who registers it.</param>
    /// <param name="reason">Why.</param>
    /// <param name="metrics">Metrics to keep with it.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="SnapshotException">The bytes are not a valid snapshot.</exception>
    public PolicyVersion Register(byte[] snapshot, string actor, string reason, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Snapshot.ReadInfo(snapshot);
        lock (_gate)
        {
            IReadOnlyList<PolicyVersion> versions = _store.ListVersions();
            int number = versions.Count == 0 ? 1 : versions[^1].Number + 1;
            var version = new PolicyVersion(
                number,
                _store.ReadCurrent(),
                _time.GetUtcNow(),
                actor,
                reason,
                new Dictionary<string, double>(metrics ?? new Dictionary<string, double>(), StringComparer.Ordinal),
                Convert.ToHexString(SHA256.HashData(snapshot)));
            _store.WriteVersion(version, snapshot);
            Audit(new AuditEntry(version.Created, actor, AuditAction.Registered, number, null, reason));
            return version;
        }
    }

    /// <summary>Makes <paramref name="number"/> the current version.</summary>
    /// <param name="number">An existing version.</param>
    /// <param name="actor">Who.</param>
    /// <param name="reason">Why.</param>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    public void Promote(int number, string actor, string reason) => MakeCurrent(number, actor, reason, AuditAction.Promoted);

    /// <summary>Rolls back to <paramref name="number"/> (any earlier or later version); the version rolled back from is no longer "good".</summary>
    /// <param name="number">An existing version.</param>
    /// <param name="actor">Who.</param>
    /// <param name="reason">Why.</param>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    public void Rollback(int number, string actor, string reason) => MakeCurrent(number, actor, reason, AuditAction.RolledBack);

    /// <summary>Withdraws the current version: none is current, and the baseline acts.</summary>
    /// <param name="actor">Who.</param>
    /// <param name="reason">Why.</param>
    public void RollbackToBaseline(string actor, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_gate)
        {
            int? previous = _store.ReadCurrent();
            _store.WriteCurrent(null);
            Audit(new AuditEntry(_time.GetUtcNow(), actor, AuditAction.RolledBackToBaseline, null, previous, reason));
        }
    }

    /// <summary>The snapshot bytes of a version, exactly as registered.</summary>
    /// <param name="number">The version.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    public byte[] GetSnapshot(int number)
    {
        lock (_gate)
        {
            return _store.ReadSnapshot(number);
        }
    }

    /// <summary>Loads a version's state into <paramref name="target"/> (bit-identical to the registered state).</summary>
    /// <param name="number">The version.</param>
    /// <param name="target">The object to restore.</param>
    /// <returns>The snapshot header.</returns>
    public SnapshotInfo Restore(int number, ISnapshotable target) => Snapshot.Load(target, GetSnapshot(number));

    private void MakeCurrent(int number, string actor, string reason, AuditAction action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_gate)
        {
            if (!_store.ListVersions().Any(v => v.Number == number))
            {
                throw new KeyNotFoundException($"Policy version {number} does not exist.");
            }

            int? previous = _store.ReadCurrent();
            _store.WriteCurrent(number);
            Audit(new AuditEntry(_time.GetUtcNow(), actor, action, number, previous, reason));
        }
    }

    private void Audit(AuditEntry entry)
    {
        _store.AppendAudit(entry);
        Changed?.Invoke(this, entry);
    }
}
