using System.Diagnostics.CodeAnalysis;

namespace RlCommons.Decisions;

/// <summary>
/// Where decision points write their <see cref="DecisionRecord"/>s and join rewards to them by event id. The
/// in-memory log ships with Core; the SQLite and PostgreSQL logs plug into the same contract.
/// </summary>
/// <remarks>
/// <para>Join rules, the same for every implementation: a reward for an unknown event id is
/// <see cref="RewardJoinStatus.Unknown"/>; one received later than the attribution window after its decision, or for a
/// decision whose window has been closed without a reward, is <see cref="RewardJoinStatus.Late"/>; under
/// <see cref="DuplicateRewardHandling.Reject"/> the first reward closes the decision and later ones are
/// <see cref="RewardJoinStatus.Duplicate"/>; under <see cref="DuplicateRewardHandling.Sum"/> rewards within the window
/// add up, and the decision closes when its window does (<see cref="CloseExpired"/>).</para>
/// <para>Thread safety: implementations are safe to call from many threads.</para>
/// </remarks>
public interface IDecisionLog
{
    /// <summary>The number of decisions logged.</summary>
    long Count { get; }

    /// <summary>Appends a decision.</summary>
    /// <param name="record">The decision; its event id must not be in the log yet.</param>
    /// <exception cref="ArgumentException">The log already holds a decision with that event id; nothing changes.</exception>
    void Append(DecisionRecord record);

    /// <summary>Joins <paramref name="reward"/> to the decision <paramref name="eventId"/> under <paramref name="rules"/>.</summary>
    /// <param name="eventId">The decision's event id.</param>
    /// <param name="reward">The reward; finite.</param>
    /// <param name="receivedAt">When the reward arrived.</param>
    /// <param name="rules">The attribution window and the handling of duplicates.</param>
    /// <returns>What happened to the reward, and the decision it belongs to.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reward"/> is not finite; nothing changes.</exception>
    RewardJoinResult JoinReward(DecisionId eventId, double reward, DateTimeOffset receivedAt, RewardJoinRules rules);

    /// <summary>
    /// Closes the open decisions of <paramref name="decisionPoint"/> made at or before <paramref name="decidedAtOrBefore"/>
    /// (their window has ended): each keeps its reward or, when it has none, receives <paramref name="defaultReward"/>.
    /// </summary>
    /// <param name="decisionPoint">The decision point whose decisions to close.</param>
    /// <param name="decidedAtOrBefore">The decision time at or before which windows have ended (now minus the window).</param>
    /// <param name="defaultReward">The reward given to a decision that received none, or <see langword="null"/> to leave it without.</param>
    /// <param name="maxCount">The most decisions to close in this call; positive.</param>
    /// <returns>The decisions closed by this call, oldest first.</returns>
    IReadOnlyList<DecisionLogEntry> CloseExpired(string decisionPoint, DateTimeOffset decidedAtOrBefore, double? defaultReward, int maxCount);

    /// <summary>Looks up a decision and what has been joined to it.</summary>
    /// <param name="eventId">The event id.</param>
    /// <param name="entry">The entry, when found.</param>
    /// <returns>Whether the log holds the decision.</returns>
    bool TryGet(DecisionId eventId, [NotNullWhen(true)] out DecisionLogEntry? entry);

    /// <summary>
    /// Reads decisions whose attribution is final (closed by a reward under <see cref="DuplicateRewardHandling.Reject"/>,
    /// or by <see cref="CloseExpired"/>), in the order they closed, after <paramref name="afterPosition"/>: what a
    /// learner reads from the log, resuming after the last position it learned so that each closed decision is learned once.
    /// </summary>
    /// <param name="afterPosition">The position after which to read; 0 for the first closed decision.</param>
    /// <param name="maxCount">The most decisions to return; positive.</param>
    /// <returns>The closed decisions, by increasing <see cref="ClosedDecision.Position"/>.</returns>
    /// <remarks>Positions are assigned when a decision closes (for a store shared by many processes, in commit order), so
    /// a reader that resumes after the last position it saw misses none and sees none twice.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterPosition"/> is negative or <paramref name="maxCount"/> is not positive.</exception>
    IReadOnlyList<ClosedDecision> ReadClosed(long afterPosition, int maxCount);

    /// <summary>Returns the logged decisions, oldest first, optionally of one decision point only.</summary>
    /// <param name="decisionPoint">The decision point, or <see langword="null"/> for all.</param>
    /// <returns>A copy of the entries as they are now.</returns>
    IReadOnlyList<DecisionLogEntry> Read(string? decisionPoint = null);
}
