namespace RlCommons.Decisions;

/// <summary>
/// The one record of a decision, from the moment it is made to the reward joined to it later: what every decision
/// point writes to its <see cref="IDecisionLog"/> and what learners, off-policy evaluation, experiments and
/// guardrails read.
/// </summary>
/// <remarks>
/// Immutable. The reward is not part of the record: the log joins it by <see cref="EventId"/> and returns both as a
/// <see cref="DecisionLogEntry"/>.
/// </remarks>
public sealed record DecisionRecord
{
    /// <summary>The unique, time-sortable id that rewards are joined by.</summary>
    public required DecisionId EventId { get; init; }

    /// <summary>The name of the decision point that decided (for example <c>provider-selection</c>).</summary>
    public required string DecisionPoint { get; init; }

    /// <summary>The id of the policy that served the decision point.</summary>
    public required string PolicyId { get; init; }

    /// <summary>The version of that policy (the model version serving at the time).</summary>
    public required string PolicyVersion { get; init; }

    /// <summary>The index of the action taken.</summary>
    public required int Action { get; init; }

    /// <summary>The name of the action taken.</summary>
    public required string ActionName { get; init; }

    /// <summary>For composite actions, the index chosen in each component; empty for a single discrete action.</summary>
    public ReadOnlyMemory<int> ActionComponents { get; init; }

    /// <summary>The probability the acting procedure had of taking <see cref="Action"/>, in (0, 1].</summary>
    public required double Propensity { get; init; }

    /// <summary>The whole action distribution the action was drawn from, when the decision point records it; otherwise empty.</summary>
    public ReadOnlyMemory<double> Probabilities { get; init; }

    /// <summary>The features as the policy saw them (a copy owned by the record).</summary>
    public required ReadOnlyMemory<float> Features { get; init; }

    /// <summary>When the decision was made, from the decision point's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The seed of the randomness the policy used for this decision.</summary>
    public required ulong Seed { get; init; }

    /// <summary>The 1-based number of the decision in its decision point's stream.</summary>
    public required long Sequence { get; init; }

    /// <summary>Who chose the action, and why.</summary>
    public required DecisionSource Source { get; init; }

    /// <summary>The unit (customer, account) the decision was for, when the host gave one; <see langword="null"/> otherwise.</summary>
    public string? UnitId { get; init; }

    /// <summary>Whether the action was an exploratory one rather than the greedy choice.</summary>
    public bool Explored { get; init; }
}
