namespace RlCommons.Algorithms.Training;

/// <summary>Where a training run stands: steps taken, episodes finished and their returns, and wall time.</summary>
/// <param name="Step">Environment steps taken so far in this run.</param>
/// <param name="TotalSteps">The steps the run was asked for.</param>
/// <param name="Episodes">Episodes finished so far.</param>
/// <param name="LastEpisodeReturn">The undiscounted return of the last finished episode, or NaN before the first.</param>
/// <param name="LastEpisodeLength">The length of the last finished episode, or 0 before the first.</param>
/// <param name="MeanRecentReturn">The mean return over the last (up to) 100 finished episodes, or NaN before the first (SB3's <c>ep_rew_mean</c>).</param>
/// <param name="GradientSteps">Optimizer steps taken so far.</param>
/// <param name="Elapsed">Wall time since the run started, read from the agent's <see cref="TimeProvider"/>.</param>
public readonly record struct TrainingProgress(
    long Step,
    long TotalSteps,
    int Episodes,
    double LastEpisodeReturn,
    int LastEpisodeLength,
    double MeanRecentReturn,
    long GradientSteps,
    TimeSpan Elapsed)
{
    /// <summary>The fraction of the run done, in [0, 1].</summary>
    public double Fraction => TotalSteps <= 0 ? 1.0 : Math.Min(1.0, (double)Step / TotalSteps);

    /// <summary>Environment steps per second of wall time so far (0 before any time has passed).</summary>
    public double StepsPerSecond => Elapsed > TimeSpan.Zero ? Step / Elapsed.TotalSeconds : 0;
}
