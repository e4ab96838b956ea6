namespace RlCommons.Decisions;

/// <summary>The counters of a <see cref="DecisionPoint"/> since it was created.</summary>
/// <param name="Decisions">Decisions made.</param>
/// <param name="RewardsReceived">Rewards sent to <see cref="DecisionPoint.Reward"/> that passed validation (whatever became of them).</param>
/// <param name="RewardsLearned">Rewards the learner learned: joined ones, window sums and default rewards.</param>
/// <param name="Duplicates">Rewards rejected because their decision already had one.</param>
/// <param name="Late">Rewards received after their decision's window.</param>
/// <param name="Orphans">Rewards for an event id the log does not hold.</param>
/// <param name="Missing">Decisions whose window ended without a reward.</param>
/// <param name="DefaultsApplied">Of <paramref name="Missing"/>, those given the default reward.</param>
/// <param name="Rejected">Rewards rejected as invalid (not finite).</param>
/// <param name="LearningFailures">Joined rewards the learner refused (for example for an arm removed since); logged, not learned.</param>
public readonly record struct DecisionPointStatistics(
    long Decisions,
    long RewardsReceived,
    long RewardsLearned,
    long Duplicates,
    long Late,
    long Orphans,
    long Missing,
    long DefaultsApplied,
    long Rejected,
    long LearningFailures);
