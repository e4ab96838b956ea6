using Microsoft.Extensions.Logging;

namespace RlCommons.Safety;

/// <summary>Source-generated log messages of RlCommons.Safety; event ids 7000–7099 are this package's.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Guardrail '{Guardrail}' breached: {Reason}. Rolled back from version {FromVersion} to {ToVersion}.")]
    public static partial void RolledBack(ILogger logger, string guardrail, string reason, int? fromVersion, string toVersion);
}
