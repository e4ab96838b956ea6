using RlCommons.Goals;

namespace RlCommons.Okr.Progress;

/// <summary>Where a metric snapshot stands against an <see cref="Okr"/> (see <see cref="Okr.Evaluate"/>); a plain record a report can show.</summary>
/// <param name="OkrId">The OKR's identifier.</param>
/// <param name="KeyResults">Progress per key result, in declaration order.</param>
/// <param name="Overall">The weighted progress Σ wᵢ · progressᵢ, at most 1 (1 when every key result is met).</param>
/// <param name="Constraints">The status of each constraint, in declaration order.</param>
/// <param name="NorthStar">The north-star metric's name, or <see langword="null"/>.</param>
/// <param name="NorthStarValue">The north-star metric's value, or <see langword="null"/> when none is declared or the snapshot lacks it.</param>
public sealed record OkrProgress(
    string OkrId,
    IReadOnlyList<KeyResultProgress> KeyResults,
    double Overall,
    IReadOnlyList<ConstraintStatus> Constraints,
    string? NorthStar,
    double? NorthStarValue)
{
    /// <summary>Gets whether every constraint is met.</summary>
    public bool AllConstraintsMet => Constraints.All(c => c.IsMet);

    /// <summary>
    /// Returns the rows a progress report shows (for example RlCommons.Monitoring's <c>MonitoringReport.Okrs</c>): first
    /// the OKR (named by <see cref="OkrId"/>) with <see cref="Overall"/>, then each key result (named by its metric)
    /// in declaration order. A progress below 0 (a value of the wrong sign) is shown as 0.
    /// </summary>
    /// <returns>One row for the OKR and one per key result, each with a progress in [0, 1].</returns>
    public IReadOnlyList<GoalProgress> ToGoals()
    {
        var goals = new GoalProgress[KeyResults.Count + 1];
        goals[0] = new GoalProgress(OkrId, Math.Max(0.0, Overall));
        for (int i = 0; i < KeyResults.Count; i++)
        {
            goals[i + 1] = new GoalProgress(KeyResults[i].Metric, Math.Max(0.0, KeyResults[i].Progress));
        }

        return goals;
    }
}
