using System.Globalization;

namespace RlCommons.Storage;

/// <summary>The argument checks every <see cref="IModelStore"/> applies, so that all stores reject the same inputs with the same messages.</summary>
public static class ModelStoreValidation
{
    /// <summary>The longest policy id, actor or reason accepted, in characters.</summary>
    public const int MaxTextLength = 200;

    /// <summary>Checks a policy id: not null or blank, at most <see cref="MaxTextLength"/> characters.</summary>
    /// <param name="policyId">The policy id.</param>
    /// <param name="paramName">The parameter's name, for the exception.</param>
    /// <exception cref="ArgumentException">It is blank or too long.</exception>
    public static void CheckPolicyId(string policyId, string paramName = "policyId")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyId, paramName);
        if (policyId.Length > MaxTextLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{paramName} has {policyId.Length} characters; at most {MaxTextLength} are allowed."), paramName);
        }
    }

    /// <summary>Checks a version to add: the snapshot is not empty, actor and reason are given and short, metrics are finite, the parent is a positive number.</summary>
    /// <param name="snapshot">The snapshot bytes.</param>
    /// <param name="version">What the caller says about the version.</param>
    /// <exception cref="ArgumentException">Something is invalid; the message names it.</exception>
    public static void CheckNewVersion(ReadOnlySpan<byte> snapshot, NewModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (snapshot.IsEmpty)
        {
            throw new ArgumentException("snapshot is empty; a model version needs the bytes of a snapshot.", nameof(snapshot));
        }

        CheckText(version.CreatedBy, "version.CreatedBy");
        CheckText(version.Reason, "version.Reason");
        if (version.Parent is <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"version.Parent must be a positive version number, was {version.Parent}."), nameof(version));
        }

        if (version.LogPosition is < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"version.LogPosition must not be negative, was {version.LogPosition}."), nameof(version));
        }

        foreach ((string name, double value) in version.Metrics ?? new Dictionary<string, double>())
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > MaxTextLength)
            {
                throw new ArgumentException("version.Metrics has a blank or too long metric name.", nameof(version));
            }

            if (!double.IsFinite(value))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"version.Metrics['{name}'] must be finite, was {value}."), nameof(version));
            }
        }
    }

    /// <summary>Checks that an audit entry describes a publication of <paramref name="number"/>.</summary>
    /// <param name="number">The version to publish, or <see langword="null"/> for none.</param>
    /// <param name="audit">The audit entry.</param>
    /// <exception cref="ArgumentException">The entry does not describe this change; the message says why.</exception>
    public static void CheckPublication(int? number, ModelAuditEntry audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        CheckText(audit.Actor, "audit.Actor");
        CheckText(audit.Reason, "audit.Reason");
        bool consistent = audit.Action switch
        {
            ModelAuditAction.Promoted or ModelAuditAction.RolledBack => number is not null && audit.Version == number,
            ModelAuditAction.RolledBackToBaseline => number is null && audit.Version is null,
            _ => false,
        };
        if (!consistent)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"audit ({audit.Action}, version {audit.Version?.ToString(CultureInfo.InvariantCulture) ?? "none"}) does not describe publishing version {number?.ToString(CultureInfo.InvariantCulture) ?? "none"}: use Promoted or RolledBack with that version, or RolledBackToBaseline with none."), nameof(audit));
        }
    }

    private static void CheckText(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be blank.", name.Split('.')[0]);
        }

        if (value.Length > 10 * MaxTextLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has {value.Length} characters; at most {10 * MaxTextLength} are allowed."), name.Split('.')[0]);
        }
    }
}
