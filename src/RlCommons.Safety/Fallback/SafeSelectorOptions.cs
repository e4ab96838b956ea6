namespace RlCommons.Safety.Fallback;

/// <summary>Settings of a <see cref="SafeSelector{TContext}"/>.</summary>
public sealed class SafeSelectorOptions
{
    /// <summary>The share of decisions routed to the learned policy, in [0, 1], when no gradual rollout drives the routing.</summary>
    /// <value>The default is 0.1.</value>
    public double LearnedShare { get; set; } = 0.1;

    /// <summary>The learned decision's confidence must reach this value or the baseline acts; 0 disables the check.</summary>
    /// <value>The default is 0 (disabled).</value>
    public double ConfidenceThreshold { get; set; }

    /// <summary>Maps a learned decision to its confidence; when null the decision's <see cref="Decision.Propensity"/> is used.</summary>
    /// <value>The default is null.</value>
    public Func<Decision, double>? Confidence { get; set; }

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

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid safe selector options: " + string.Join(" ", problems), "options");
        }
    }
}
