namespace RlCommons.Safety.Adjustment;

/// <summary>One entry of the adjustment history.</summary>
/// <param name="Id">The adjustment's id, 1-based in proposal order.</param>
/// <param name="Proposal">What was proposed.</param>
/// <param name="Status">Its status.</param>
/// <param name="At">When the status was reached.</param>
/// <param name="Problems">Why it was rejected or denied (empty otherwise).</param>
/// <param name="Size">The largest change as a fraction of its parameter's range.</param>
/// <param name="SnapshotVersion">The registry version holding the policy as it was just before the change was applied.</param>
/// <param name="DecidedBy">Who approved or denied it, when someone did.</param>
public sealed record AdjustmentRecord(
    long Id,
    AdjustmentProposal Proposal,
    AdjustmentStatus Status,
    DateTimeOffset At,
    IReadOnlyList<string> Problems,
    double Size,
    int? SnapshotVersion,
    string? DecidedBy);
