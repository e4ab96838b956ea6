namespace RlCommons.Safety.Rollout;

/// <summary>The state of a <see cref="GradualRollout"/>.</summary>
public enum RolloutState
{
    /// <summary>The schedule runs with time.</summary>
    Running,

    /// <summary>The share is frozen at its current value; the schedule's clock is stopped.</summary>
    Held,

    /// <summary>No unit gets the learned policy; the schedule's clock is stopped until resumed.</summary>
    Paused,
}
