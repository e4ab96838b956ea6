using RlCommons.Goals;
using RlCommons.Monitoring.Experiments;

namespace RlCommons.Monitoring.Reports;

/// <summary>
/// The content of an HTML monitoring report. Every section is optional; empty sections are left out. Render it with
/// <see cref="HtmlReport.Render"/>.
/// </summary>
public sealed class MonitoringReport
{
    /// <summary>The page title and heading.</summary>
    /// <value>The default is "RlCommons report".</value>
    public string Title { get; init; } = "RlCommons report";

    /// <summary>When the report was generated, printed under the title; null to omit (the renderer never reads the clock).</summary>
    /// <value>The default is null.</value>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>Training runs, each drawn as a return curve with its summary table.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<TrainingRun> Training { get; init; } = [];

    /// <summary>Experiment analyses, each drawn as per-variant means with confidence intervals and a results table.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<ExperimentAnalysis> Experiments { get; init; } = [];

    /// <summary>Safety interventions, drawn as a bar chart of counts.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<SafetyInterventionCount> SafetyInterventions { get; init; } = [];

    /// <summary>Objectives or key results and their progress in [0, 1], drawn as progress bars; empty to omit the section.</summary>
    /// <value>The default is empty.</value>
    /// <remarks>RlCommons.Okr's <c>OkrProgress.ToGoals()</c> gives these rows for an OKR evaluation.</remarks>
    public IReadOnlyList<GoalProgress> Okrs { get; init; } = [];
}
