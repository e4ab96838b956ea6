using Microsoft.Extensions.Logging;

namespace RlCommons.Algorithms;

/// <summary>Source-generated log messages of RlCommons.Algorithms; event ids 2000–2099 are this package's.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "{Agent}: the configured arms changed; added [{Added}] (from the prior), removed [{Removed}].")]
    public static partial void ArmsSynchronized(ILogger logger, string agent, string added, string removed);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{Agent}: options changed that a live agent cannot take ({Options}); they take effect when the application restarts. Only the arms are applied live.")]
    public static partial void RestartNeeded(ILogger logger, string agent, string options);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "{Agent}: the changed configuration was rejected; the agent keeps its arms.")]
    public static partial void ConfigurationRejected(ILogger logger, Exception exception, string agent);
}
