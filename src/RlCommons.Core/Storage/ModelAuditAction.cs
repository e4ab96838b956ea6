namespace RlCommons.Storage;

/// <summary>What a <see cref="ModelAuditEntry"/> records.</summary>
public enum ModelAuditAction
{
    /// <summary>A version was added.</summary>
    Registered,

    /// <summary>A version was published (became the one instances serve) by promotion.</summary>
    Promoted,

    /// <summary>A version was published by rollback from another; the version rolled back from is no longer good.</summary>
    RolledBack,

    /// <summary>The published version was withdrawn: none is published, and the baseline acts.</summary>
    RolledBackToBaseline,
}
