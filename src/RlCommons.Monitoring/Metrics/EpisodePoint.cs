namespace RlCommons.Monitoring.Metrics;

/// <summary>One point of a training curve.</summary>
/// <param name="Episode">The episode number, from 1.</param>
/// <param name="Return">The episode's return.</param>
/// <param name="RollingMeanReturn">The mean return over the window ending at this episode.</param>
public readonly record struct EpisodePoint(long Episode, double Return, double RollingMeanReturn);
