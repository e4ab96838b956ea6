using Microsoft.Extensions.Logging;

namespace ModuleOrchestration;

/// <summary>Source-generated log messages of this sample (event ids 5001 and 5002, which the CRM component used when it shipped in RlCommons.Okr).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "CRM bonus file {Path} could not be read; its bonus counts as 0")]
    public static partial void CrmFileUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "CRM bonus file {Path} is malformed ({Problem}); its bonus counts as 0")]
    public static partial void CrmFileMalformed(ILogger logger, string path, string problem);
}
