namespace RlCommons.Algorithms.Offline;

/// <summary>What one <see cref="EpisodeLogLearner"/> training call used and changed.</summary>
/// <param name="Lines">The non-blank lines read (0 when steps were passed directly).</param>
/// <param name="MalformedLines">The lines skipped as malformed.</param>
/// <param name="RunsUsed">The runs learned from.</param>
/// <param name="RunsSkipped">The runs left out because their steps were not 0, 1, …, n − 1 (a step was missing, for example after a malformed line).</param>
/// <param name="StepsUsed">The steps learned from (each once per epoch).</param>
/// <param name="AverageEpisodeReward">The mean over the runs used of the undiscounted sum of rewards; 0 when no run was used.</param>
/// <param name="ParameterCount">The number of learned parameters (policy and baseline).</param>
/// <param name="GradientSteps">The number of parameter updates made (one per step and epoch).</param>
/// <param name="StepsByMode">The number of steps used per <see cref="PolicyMode"/> that produced them (every mode present, 0 when absent).</param>
public sealed record EpisodeTrainingSummary(
    int Lines,
    int MalformedLines,
    int RunsUsed,
    int RunsSkipped,
    int StepsUsed,
    double AverageEpisodeReward,
    int ParameterCount,
    long GradientSteps,
    IReadOnlyDictionary<PolicyMode, int> StepsByMode);
