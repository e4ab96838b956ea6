using System.Text.Json;
using System.Text.Json.Serialization;

namespace RlCommons.Evaluation.Commands;

/// <summary>The result line of the train command, printed as one JSON object.</summary>
/// <param name="Environment">The environment id.</param>
/// <param name="Algorithm">The algorithm name.</param>
/// <param name="Steps">Environment steps trained.</param>
/// <param name="EvalMeanReturn">Mean return of the deterministic policy over the evaluation episodes.</param>
/// <param name="EvalStd">Population standard deviation of those returns.</param>
/// <param name="TrainSeconds">Wall time of training (environment steps and updates), without evaluation.</param>
/// <param name="StepsPerSecond">Steps divided by training seconds.</param>
/// <param name="EvalMeanCost">Mean episode cost over the evaluation episodes, for constrained algorithms only.</param>
internal sealed record TrainReport(
    [property: JsonPropertyName("env")] string Environment,
    [property: JsonPropertyName("algo")] string Algorithm,
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("eval_mean_return")] double EvalMeanReturn,
    [property: JsonPropertyName("eval_std")] double EvalStd,
    [property: JsonPropertyName("train_seconds")] double TrainSeconds,
    [property: JsonPropertyName("steps_per_second")] double StepsPerSecond,
    [property: JsonPropertyName("eval_mean_cost"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? EvalMeanCost = null)
{
    /// <summary>The report as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);
}
