namespace ModuleOrchestration;

/// <summary>One workflow run's result.</summary>
/// <param name="Return">The sum of the OKR rewards of its steps.</param>
/// <param name="PipelineValue">The weighted pipeline: the lead's win probability if a sales rep got it, else 0.</param>
/// <param name="ProcessingCost">Dollars spent.</param>
/// <param name="ModulesRun">Modules executed.</param>
/// <param name="Violated">Whether it spent more than the OKR's cost budget.</param>
/// <param name="Path">The modules in order, ending with notify or stop.</param>
public sealed record EpisodeResult(double Return, double PipelineValue, double ProcessingCost, int ModulesRun, bool Violated, IReadOnlyList<WorkflowModule> Path);
