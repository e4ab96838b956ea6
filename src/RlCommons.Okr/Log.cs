using Microsoft.Extensions.Logging;

namespace RlCommons.Okr;

/// <summary>Source-generated log messages of RlCommons.Okr; event ids 5001–5099 are reserved for this package.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "CRM bonus file {Path} could not be read; its bonus counts as 0")]
    public static partial void CrmFileUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "CRM bonus file {Path} is malformed ({Problem}); its bonus counts as 0")]
    public static partial void CrmFileMalformed(ILogger logger, string path, string problem);
}
