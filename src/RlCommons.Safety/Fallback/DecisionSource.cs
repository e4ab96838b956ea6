namespace RlCommons.Safety.Fallback;

/// <summary>Why the acting policy acted.</summary>
public enum DecisionSource
{
    /// <summary>The learned policy acted, as routed.</summary>
    Learned,

    /// <summary>The baseline acted because the unit was routed to it.</summary>
    BaselineRouted,

    /// <summary>The baseline acted because a kill switch (global, per policy or forced from configuration) is engaged.</summary>
    KillSwitch,

    /// <summary>The baseline acted because the learned policy reported it is not ready.</summary>
    NotReady,

    /// <summary>The baseline acted because the learned policy threw.</summary>
    LearnedFailed,

    /// <summary>The baseline acted because the learned policy's confidence was below the threshold.</summary>
    LowConfidence,

    /// <summary>The baseline acted because the safety shield rejected the learned policy's action.</summary>
    ShieldRejected,
}
