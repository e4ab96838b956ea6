namespace RlCommons.Environments;

/// <summary>What one environment step returned besides the observation (Gymnasium's reward, terminated, truncated).</summary>
/// <param name="Reward">The reward of the transition.</param>
/// <param name="Terminated">The episode reached a terminal state of the task (the value of what follows is zero).</param>
/// <param name="Truncated">The episode was cut off from outside the task, for example by <see cref="TimeLimit"/>; the state is not terminal.</param>
public readonly record struct StepResult(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>Gets whether the episode is over for either reason; the caller must reset before stepping on.</summary>
    public bool EpisodeEnded => Terminated || Truncated;
}
