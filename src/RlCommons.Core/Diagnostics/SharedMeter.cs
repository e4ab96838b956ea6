using System.Diagnostics.Metrics;

namespace RlCommons.Diagnostics;

/// <summary>The <c>RlCommons</c> meter of Core's own instruments when no <see cref="IMeterFactory"/> is given (one per process).</summary>
internal static class SharedMeter
{
    public static Meter Instance { get; } = new(RlCommonsDiagnostics.Name);
}
