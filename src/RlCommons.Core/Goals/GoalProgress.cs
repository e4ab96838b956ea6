namespace RlCommons.Goals;

/// <summary>
/// One goal (an objective, a key result, any target a team tracks) and how far along it is: the row that a progress
/// report shows. RlCommons.Okr produces these from an OKR evaluation (<c>OkrProgress.ToGoals()</c>) and
/// RlCommons.Monitoring draws them (<c>MonitoringReport.Okrs</c>), so neither package depends on the other.
/// </summary>
/// <param name="Name">The goal's name, as the report prints it.</param>
/// <param name="Progress">The progress, from 0 (not started) to 1 (met); a report rejects values outside [0, 1].</param>
public sealed record GoalProgress(string Name, double Progress);
