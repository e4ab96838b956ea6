namespace RlCommons.Okr.Rewards;

/// <summary>One step as a reward sees it: the metrics before and after, the action taken, and whether the episode ended.</summary>
/// <param name="Before">The metric snapshot s before the step.</param>
/// <param name="After">The metric snapshot s′ after the step.</param>
/// <param name="Action">The discrete action taken, or <see langword="null"/> when there is none to count (no exploration bonus).</param>
/// <param name="Terminal">Whether s′ is terminal (its potential is then taken as 0).</param>
public readonly record struct OkrTransition(
    IReadOnlyDictionary<string, double> Before,
    IReadOnlyDictionary<string, double> After,
    int? Action = null,
    bool Terminal = false);
