namespace RlCommons.Safety.Registry;

/// <summary>What an audit entry records.</summary>
public enum AuditAction
{
    /// <summary>A version was registered.</summary>
    Registered,

    /// <summary>A version became current by promotion.</summary>
    Promoted,

    /// <summary>A version became current by rollback from another.</summary>
    RolledBack,

    /// <summary>The current version was withdrawn and the baseline acts instead.</summary>
    RolledBackToBaseline,
}
