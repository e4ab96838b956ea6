using Microsoft.Extensions.Logging;
using RlCommons.Decisions;

namespace RlCommons;


/// <summary>Source-generated log messages of RlCommons.Core; event ids 1000–1099 are this package's.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Decision point '{DecisionPoint}' received a reward for unknown event id {EventId}; it was not learned.")]
    public static partial void OrphanReward(ILogger logger, string decisionPoint, DecisionId eventId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Decision point '{DecisionPoint}' received a late reward for event id {EventId}; it was counted, not learned.")]
    public static partial void LateReward(ILogger logger, string decisionPoint, DecisionId eventId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Decision point '{DecisionPoint}' rejected a duplicate reward for event id {EventId}.")]
    public static partial void DuplicateReward(ILogger logger, string decisionPoint, DecisionId eventId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Decision point '{DecisionPoint}' rejected a reward for event id {EventId}: {Reason}")]
    public static partial void RejectedReward(ILogger logger, string decisionPoint, DecisionId eventId, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Decision point '{DecisionPoint}': the learner refused the reward of event id {EventId}.")]
    public static partial void LearningFailed(ILogger logger, Exception exception, string decisionPoint, DecisionId eventId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Decision point '{DecisionPoint}' now serves policy version {Version} (was {PreviousVersion}).")]
    public static partial void PolicyReplaced(ILogger logger, string decisionPoint, string version, string previousVersion);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Decision point '{DecisionPoint}' loaded its policy from {Path} (written {CreatedAt}).")]
    public static partial void SnapshotLoaded(ILogger logger, string decisionPoint, string path, DateTimeOffset createdAt);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Decision point '{DecisionPoint}' could not load its policy from {Path}; it starts fresh.")]
    public static partial void SnapshotLoadFailed(ILogger logger, Exception exception, string decisionPoint, string path);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "Decision point '{DecisionPoint}' saved its policy to {Path}.")]
    public static partial void SnapshotSaved(ILogger logger, string decisionPoint, string path);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Error, Message = "Decision point '{DecisionPoint}' could not save its policy to {Path}; it will try again.")]
    public static partial void SnapshotSaveFailed(ILogger logger, Exception exception, string decisionPoint, string path);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Decision point '{DecisionPoint}': the loaded snapshot's arms differ from the configuration, which wins: added [{Added}] (from the prior), removed [{Removed}].")]
    public static partial void SnapshotArmsReconciled(ILogger logger, string decisionPoint, string added, string removed);
}
