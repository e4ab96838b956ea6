namespace RlCommons.Algorithms.Training;

/// <summary>
/// Hooks into a training run (SB3's callback idea): override what you need. Every hook receives the agent being
/// trained and its progress; <see cref="OnStep"/> returning <see langword="false"/> stops the run after that step.
/// </summary>
/// <remarks>Callbacks run on the training thread, between environment steps; a slow callback slows training.</remarks>
public abstract class TrainingCallback
{
    /// <summary>Called once before the first step.</summary>
    /// <param name="agent">The agent being trained.</param>
    /// <param name="progress">The progress at the start (step 0 of this run).</param>
    public virtual void OnTrainingStart(object agent, TrainingProgress progress)
    {
    }

    /// <summary>Called after every environment step (after any gradient steps that step triggered).</summary>
    /// <param name="agent">The agent being trained.</param>
    /// <param name="progress">The progress after the step.</param>
    /// <returns><see langword="true"/> to continue; <see langword="false"/> to stop training now.</returns>
    public virtual bool OnStep(object agent, TrainingProgress progress) => true;

    /// <summary>Called when an episode ends (terminated or truncated); <see cref="TrainingProgress.LastEpisodeReturn"/> is that episode's return.</summary>
    /// <param name="agent">The agent being trained.</param>
    /// <param name="progress">The progress including the finished episode.</param>
    public virtual void OnEpisodeEnd(object agent, TrainingProgress progress)
    {
    }

    /// <summary>Called once when training ends, whether it ran out of steps or a callback stopped it.</summary>
    /// <param name="agent">The agent being trained.</param>
    /// <param name="progress">The final progress.</param>
    public virtual void OnTrainingEnd(object agent, TrainingProgress progress)
    {
    }
}
