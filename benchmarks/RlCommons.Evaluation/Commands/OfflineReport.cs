using System.Text.Json;
using System.Text.Json.Serialization;

namespace RlCommons.Evaluation.Commands;

/// <summary>The result line of the offline command, printed as one JSON object.</summary>
/// <param name="Estimator">The estimator as given on the command line (ips or dr).</param>
/// <param name="Logging">The logging policy as given on the command line (uniform or skewed).</param>
/// <param name="TrainRows">The logged rows learned.</param>
/// <param name="HeldoutRows">The rows scored.</param>
/// <param name="HeldoutAccuracy">The greedy policy's accuracy on the held-out rows.</param>
internal sealed record OfflineReport(
    [property: JsonPropertyName("estimator")] string Estimator,
    [property: JsonPropertyName("logging")] string Logging,
    [property: JsonPropertyName("train_rows")] int TrainRows,
    [property: JsonPropertyName("heldout_rows")] int HeldoutRows,
    [property: JsonPropertyName("heldout_accuracy")] double HeldoutAccuracy)
{
    /// <summary>The report as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);
}
