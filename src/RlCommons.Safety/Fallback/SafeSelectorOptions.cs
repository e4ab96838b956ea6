namespace RlCommons.Safety.Fallback;

/// <summary>Settings of a <see cref="SafeSelector"/>; copied when the selector is built.</summary>
public sealed class SafeSelectorOptions
{
    /// <summary>The share of decisions routed to the learned policy, in [0, 1], when no gradual rollout drives the routing.</summary>
    /// <value>The default is 0.1.</value>
    public double LearnedShare { get; set; } = 0.1;

    /// <summary>
    /// The learned policy's confidence in the situation must reach this value or the baseline acts
    /// (<see cref="Decisions.DecisionSource.LowConfidence"/>); 0 disables the check. The confidence is computed from the
    /// learned policy's action distribution before it decides, so a learned policy that is not confident never spends a decision.
    /// </summary>
    /// <value>The default is 0 (disabled).</value>
    public double ConfidenceThreshold { get; set; }

    /// <summary>Maps the learned policy's action distribution to its confidence; when null, the largest probability (the policy's confidence in its most likely action).</summary>
    /// <value>The default is null.</value>
    public Func<ReadOnlySpan<double>, double>? Confidence { get; set; }

    /// <summary>The id of the learned policy: the kill switch is checked for it (<see cref="Rollout.KillSwitch.IsEngaged(string)"/>) and failures name it.</summary>
    /// <value>The default is <c>"learned"</c>.</value>
    public string LearnedPolicyId { get; set; } = "learned";

    /// <summary>Says whether the learned policy may act now (for example once it has learned from enough rewards); when it returns false the baseline acts (<see cref="Decisions.DecisionSource.NotReady"/>). Read on every decision; must be cheap and thread-safe.</summary>
    /// <value>The default is null (always ready).</value>
    public Func<bool>? IsLearnedReady { get; set; }

    /// <summary>The seed of the routing randomness; decision n uses <c>SeedSequence.Derive(Seed, n)</c>, so routing replays exactly.</summary>
    /// <value>The default is 0.</value>
    public ulong Seed { get; set; }

    /// <summary>Checks every setting and lists all problems in one exception.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (!(LearnedShare >= 0 && LearnedShare <= 1))
        {
            problems.Add($"{nameof(LearnedShare)} must be in [0, 1], got {LearnedShare}.");
        }

        if (!(ConfidenceThreshold >= 0) || double.IsInfinity(ConfidenceThreshold))
        {
            problems.Add($"{nameof(ConfidenceThreshold)} must be non-negative and finite, got {ConfidenceThreshold}.");
        }

        if (string.IsNullOrWhiteSpace(LearnedPolicyId))
        {
            problems.Add($"{nameof(LearnedPolicyId)} must not be empty.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid safe selector options: " + string.Join(" ", problems), "options");
        }
    }
}
