namespace ModuleOrchestration;

/// <summary>Where a lead came from; the only thing known about it before any module runs.</summary>
public enum LeadChannel
{
    /// <summary>A web form: mostly low-quality leads.</summary>
    Web,

    /// <summary>A referral: mostly medium- and high-quality leads.</summary>
    Referral,
}

/// <summary>A lead's true quality, hidden from the orchestrator; the score module estimates it.</summary>
public enum LeadQuality
{
    /// <summary>Wins 2 % of the time when a sales rep works it.</summary>
    Low,

    /// <summary>Wins 20 % of the time.</summary>
    Medium,

    /// <summary>Wins 50 % of the time.</summary>
    High,
}

/// <summary>One incoming lead (the case a workflow run handles).</summary>
/// <param name="Channel">Where it came from.</param>
/// <param name="Quality">Its true quality (hidden from the orchestrator).</param>
public sealed record Lead(LeadChannel Channel, LeadQuality Quality);
