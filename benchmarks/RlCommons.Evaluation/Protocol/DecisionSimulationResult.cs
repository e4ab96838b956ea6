using System.Text.Json;
using System.Text.Json.Serialization;

namespace RlCommons.Evaluation.Protocol;

/// <summary>What <see cref="DecisionSimulation"/> measured; the JSON line of <c>decision-sim</c>.</summary>
/// <param name="Decisions">Decisions made and logged.</param>
/// <param name="RewardsReceived">Rewards sent to the decision point (every copy, late and orphan ones included).</param>
/// <param name="RewardsLearned">Rewards the policy learned.</param>
/// <param name="DuplicatesRejected">Second copies rejected.</param>
/// <param name="Late">Rewards that arrived after their window.</param>
/// <param name="Missing">Decisions whose window closed without a reward (the never-sent and the late ones).</param>
/// <param name="Orphans">Rewards for event ids that were never logged.</param>
/// <param name="OpeEstimate">Doubly robust estimate, from the log, of the final greedy policy's value.</param>
/// <param name="OpeCiLow">The low end of its 95% interval.</param>
/// <param name="OpeCiHigh">The high end of its 95% interval.</param>
/// <param name="TrueValue">The greedy policy's true value: its mean expected reward over the logged contexts.</param>
/// <param name="Seconds">Wall-clock seconds of the decide/reward loop.</param>
internal sealed record DecisionSimulationResult(
    [property: JsonPropertyName("decisions")] long Decisions,
    [property: JsonPropertyName("rewards_received")] long RewardsReceived,
    [property: JsonPropertyName("rewards_learned")] long RewardsLearned,
    [property: JsonPropertyName("duplicates_rejected")] long DuplicatesRejected,
    [property: JsonPropertyName("late")] long Late,
    [property: JsonPropertyName("missing")] long Missing,
    [property: JsonPropertyName("orphans")] long Orphans,
    [property: JsonPropertyName("ope_estimate")] double OpeEstimate,
    [property: JsonPropertyName("ope_ci_low")] double OpeCiLow,
    [property: JsonPropertyName("ope_ci_high")] double OpeCiHigh,
    [property: JsonPropertyName("true_value")] double TrueValue,
    [property: JsonPropertyName("seconds")] double Seconds)
{
    /// <summary>What the simulation sent, counted independently of the decision point: the expected counters.</summary>
    [JsonIgnore]
    public SentCounts Sent { get; init; } = new(0, 0, 0, 0, 0);

    /// <summary>The number of decisions the decision point's log holds at the end.</summary>
    [JsonIgnore]
    public long Logged { get; init; }

    /// <summary>The result as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);
}

/// <summary>The rewards the simulation sent, by kind.</summary>
/// <param name="InWindow">Decisions whose (first) reward was sent within the window.</param>
/// <param name="InWindowDuplicates">Second copies of those.</param>
/// <param name="Late">Late rewards sent, second copies included.</param>
/// <param name="NeverSent">Decisions whose reward was never sent.</param>
/// <param name="Orphans">Rewards sent for ids never logged.</param>
internal sealed record SentCounts(long InWindow, long InWindowDuplicates, long Late, long NeverSent, long Orphans);
