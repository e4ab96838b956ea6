using RlCommons.Decisions;

namespace RlCommons.Monitoring.Experiments;

/// <summary>Feeding an experiment from a decision log.</summary>
public static class ExperimentLogExtensions
{
    /// <summary>
    /// Adds the reward of every rewarded decision that names a unit exposed in <paramref name="experiment"/> to that unit's
    /// total of <paramref name="metric"/> (decisions without a reward, without a unit or for units outside the experiment
    /// are skipped). Record each log entry once: totals add up.
    /// </summary>
    /// <param name="experiment">The running experiment.</param>
    /// <param name="entries">Log entries, for example <c>log.ReadRewarded("pricing")</c>.</param>
    /// <param name="metric">The metric to add the rewards to.</param>
    /// <returns>The number of rewards recorded.</returns>
    /// <exception cref="InvalidOperationException">The experiment is not running.</exception>
    public static int RecordRewards(this Experiment experiment, IEnumerable<DecisionLogEntry> entries, string metric = "reward")
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrEmpty(metric);
        int recorded = 0;
        foreach (DecisionLogEntry entry in entries)
        {
            if (entry.Reward is { } reward && entry.Decision.UnitId is { Length: > 0 } unit && experiment.GetExposure(unit) is not null)
            {
                experiment.RecordObservation(unit, metric, reward);
                recorded++;
            }
        }

        return recorded;
    }
}
