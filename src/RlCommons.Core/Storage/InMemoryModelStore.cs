using System.Globalization;
using System.Security.Cryptography;

namespace RlCommons.Storage;

/// <summary>
/// A model store held in memory: the store of tests and of a registry that need not survive the process. Keeps the
/// contract of <see cref="IModelStore"/>; use the SQLite or PostgreSQL store to keep versions across restarts and processes.
/// </summary>
/// <remarks>Thread safety: every member is safe to call from many threads (one lock).</remarks>
public sealed class InMemoryModelStore : IModelStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Policy> _policies = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ModelVersion AddVersion(string policyId, ReadOnlySpan<byte> snapshot, NewModelVersion version)
    {
        ModelStoreValidation.CheckPolicyId(policyId);
        ModelStoreValidation.CheckNewVersion(snapshot, version);
        byte[] bytes = snapshot.ToArray();
        string sha = Convert.ToHexString(SHA256.HashData(bytes));
        lock (_gate)
        {
            _policies.TryGetValue(policyId, out Policy? policy);
            int count = policy?.Versions.Count ?? 0;
            if (version.Parent is int parent && parent > count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"version.Parent {parent} is not a version of '{policyId}' (it has {count})."), nameof(version));
            }

            policy ??= _policies[policyId] = new Policy();
            var stored = new ModelVersion(
                policyId,
                count + 1,
                version.Parent,
                version.Created,
                version.CreatedBy,
                version.Reason,
                new Dictionary<string, double>(version.Metrics ?? new Dictionary<string, double>(), StringComparer.Ordinal),
                version.LogPosition,
                sha,
                bytes.LongLength);
            policy.Versions.Add((stored, bytes));
            policy.Audit.Add(new ModelAuditEntry(version.Created, version.CreatedBy, ModelAuditAction.Registered, stored.Number, null, version.Reason));
            return stored;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ModelVersion> ListVersions(string policyId)
    {
        ModelStoreValidation.CheckPolicyId(policyId);
        lock (_gate)
        {
            return _policies.TryGetValue(policyId, out Policy? policy) ? [.. policy.Versions.Select(v => v.Version)] : [];
        }
    }

    /// <inheritdoc />
    public byte[] ReadSnapshot(string policyId, int number)
    {
        ModelStoreValidation.CheckPolicyId(policyId);
        lock (_gate)
        {
            if (!_policies.TryGetValue(policyId, out Policy? policy) || number < 1 || number > policy.Versions.Count)
            {
                throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Policy '{policyId}' has no version {number}."));
            }

            return (byte[])policy.Versions[number - 1].Snapshot.Clone();
        }
    }

    /// <inheritdoc />
    public PublishedModel ReadPublished(string policyId)
    {
        ModelStoreValidation.CheckPolicyId(policyId);
        lock (_gate)
        {
            return _policies.TryGetValue(policyId, out Policy? policy) ? policy.Published : default;
        }
    }

    /// <inheritdoc />
    public PublishedModel Publish(string policyId, int? number, ModelAuditEntry audit)
    {
        ModelStoreValidation.CheckPolicyId(policyId);
        ModelStoreValidation.CheckPublication(number, audit);
        lock (_gate)
        {
            _policies.TryGetValue(policyId, out Policy? policy);
            if (number is int n && (policy is null || n < 1 || n > policy.Versions.Count))
            {
                throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Policy '{policyId}' has no version {n} to publish."));
            }

            policy ??= _policies[policyId] = new Policy();
            policy.Published = new PublishedModel(number, policy.Published.Revision + 1);
            policy.Audit.Add(audit);
            return policy.Published;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ModelAuditEntry> ReadAudit(string policyId)
    {
        ModelStoreValidation.CheckPolicyId(policyId);
        lock (_gate)
        {
            return _policies.TryGetValue(policyId, out Policy? policy) ? [.. policy.Audit] : [];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ListPolicies()
    {
        lock (_gate)
        {
            return [.. _policies.Where(p => p.Value.Versions.Count > 0).Select(p => p.Key).Order(StringComparer.Ordinal)];
        }
    }

    private sealed class Policy
    {
        public List<(ModelVersion Version, byte[] Snapshot)> Versions { get; } = [];

        public List<ModelAuditEntry> Audit { get; } = [];

        public PublishedModel Published { get; set; }
    }
}
