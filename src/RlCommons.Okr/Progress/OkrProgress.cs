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
}
