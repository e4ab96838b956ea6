using Microsoft.Extensions.Logging;

namespace RlCommons.Safety;

/// <summary>Source-generated log messages of RlCommons.Safety; event ids 7000–7099 are this package's.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Guardrail '{Guardrail}' breached: {Reason}. Rolled back from version {FromVersion} to {ToVersion}.")]
    public static partial void RolledBack(ILogger logger, string guardrail, string reason, int? fromVersion, string toVersion);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Policy '{PolicyId}' failed and the baseline acted instead: {Reason}")]
    public static partial void PolicyFailed(ILogger logger, string policyId, string reason, Exception? exception);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "The kill switch's flag source threw; the switch counts as engaged and the baseline acts.")]
    public static partial void KillSwitchSourceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Ensemble member {Member} failed and was left out of the decision: {Reason}")]
    public static partial void EnsembleMemberFailed(ILogger logger, int member, string reason, Exception? exception);
}
