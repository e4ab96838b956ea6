using System.Text.Json;
using System.Text.Json.Serialization;

namespace RlCommons.Evaluation.Commands;

/// <summary>The result line of the bandit command, printed as one JSON object.</summary>
/// <param name="Policy">The policy name as given on the command line.</param>
/// <param name="Rows">The number of decisions made (rows × passes).</param>
/// <param name="Arms">The number of arms K.</param>
/// <param name="PvAccuracy">The progressive-validation accuracy.</param>
/// <param name="Seconds">The wall-clock time of the decide/learn loop.</param>
/// <param name="DecisionsPerSecond">Rows divided by seconds (0 when the loop took no measurable time).</param>
internal sealed record BanditReport(
    [property: JsonPropertyName("policy")] string Policy,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("arms")] int Arms,
    [property: JsonPropertyName("pv_accuracy")] double PvAccuracy,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("decisions_per_second")] double DecisionsPerSecond)
{
    /// <summary>The report as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);
}
