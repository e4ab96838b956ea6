using System.Diagnostics;

namespace RlCommons.Diagnostics;

/// <summary>
/// The names under which RlCommons reports telemetry: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="ActivitySource"/>, both called <c>RlCommons</c>. Subscribe with OpenTelemetry's <c>AddMeter("RlCommons")</c>
/// and <c>AddSource("RlCommons")</c>.
/// </summary>
public static class RlCommonsDiagnostics
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "RlCommons";

    /// <summary>The activity source of decisions (<c>rlcommons.decide</c>) and learning (<c>rlcommons.learn</c>).</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, typeof(RlCommonsDiagnostics).Assembly.GetName().Version?.ToString());
}
