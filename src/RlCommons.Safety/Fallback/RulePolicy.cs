namespace RlCommons.Safety.Fallback;

/// <summary>
/// A deterministic policy from a function: the usual shape of a baseline ("the rule we run today").
/// Its decisions have propensity 1, and every other action probability 0.
/// </summary>
/// <typeparam name="TContext">What the rule sees.</typeparam>
/// <remarks>Thread-safe when the rule function is.</remarks>
public sealed class RulePolicy<TContext> : IPolicy<TContext>, IActionProbabilities<TContext>
{
    private readonly Func<TContext, int> _rule;
    private long _sequence;

    /// <summary>Creates a rule policy.</summary>
    /// <param name="id">The policy id; not empty.</param>
    /// <param name="rule">Returns the action for a context; must be non-negative.</param>
    public RulePolicy(string id, Func<TContext, int> rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(rule);
        Id = id;
        _rule = rule;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <inheritdoc/>
    public bool IsReady => true;

    /// <inheritdoc/>
    public Decision Decide(TContext context)
    {
        int action = _rule(context);
        if (action < 0)
        {
            throw new InvalidOperationException($"Rule policy '{Id}' returned the negative action {action}.");
        }

        return new Decision(action, 1, 0, explored: false, Interlocked.Increment(ref _sequence), 0);
    }

    /// <inheritdoc/>
    public double Probability(TContext context, int action) => _rule(context) == action ? 1 : 0;
}
