namespace RlCommons.Safety.Adjustment;

/// <summary>Settings of a <see cref="PolicyAdjustmentEngine"/>.</summary>
public sealed class AdjustmentOptions
{
    /// <summary>The limits of every adjustable parameter; parameters without limits cannot be adjusted.</summary>
    public IDictionary<string, ParameterLimits> Limits { get; } = new Dictionary<string, ParameterLimits>(StringComparer.Ordinal);

    /// <summary>Adjustments whose size (the largest change as a fraction of its parameter's range, Max − Min) is at most this are applied automatically; larger ones wait for approval.</summary>
    /// <value>The default is 0.05.</value>
    public double AutoApplyMaxSize { get; set; } = 0.05;

    /// <summary>The most adjustments applied within any sliding <see cref="RatePeriod"/>.</summary>
    /// <value>The default is 3.</value>
    public int MaxAppliedPerPeriod { get; set; } = 3;

    /// <summary>The rate limit's window.</summary>
    /// <value>The default is one day.</value>
    public TimeSpan RatePeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a high-stakes approval callback may take before the adjustment is denied.</summary>
    /// <value>The default is 15 minutes.</value>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Checks every setting and lists all problems in one exception.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        foreach ((string name, ParameterLimits l) in Limits)
        {
            if (l is null || !double.IsFinite(l.Min) || !double.IsFinite(l.Max) || !(l.Max > l.Min) || !(l.MaxStep > 0) || double.IsInfinity(l.MaxStep))
            {
                problems.Add($"Limits of '{name}' need finite Min < Max and a positive finite MaxStep.");
            }
        }

        if (!(AutoApplyMaxSize >= 0 && AutoApplyMaxSize <= 1))
        {
            problems.Add($"{nameof(AutoApplyMaxSize)} must be in [0, 1], got {AutoApplyMaxSize}.");
        }

        if (MaxAppliedPerPeriod < 1)
        {
            problems.Add($"{nameof(MaxAppliedPerPeriod)} must be at least 1, got {MaxAppliedPerPeriod}.");
        }

        if (RatePeriod <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(RatePeriod)} must be positive, got {RatePeriod}.");
        }

        if (ApprovalTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(ApprovalTimeout)} must be positive, got {ApprovalTimeout}.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid adjustment options: " + string.Join(" ", problems), "options");
        }
    }
}
