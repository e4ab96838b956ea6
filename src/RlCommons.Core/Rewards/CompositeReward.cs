namespace RlCommons.Rewards;

/// <summary>Entry point for building a <see cref="CompositeReward{TOutcome}"/>.</summary>
public static class CompositeReward
{
    /// <summary>Starts building a composite reward.</summary>
    /// <typeparam name="TOutcome">What the reward is computed from.</typeparam>
    /// <returns>An empty builder.</returns>
    public static CompositeRewardBuilder<TOutcome> Create<TOutcome>() => new();
}

/// <summary>
/// A reward made of named, weighted components, <c>r = Σ wᵢ · fᵢ(outcome)</c>, with optional override rules
/// that set the whole reward when they match (for example "−0.5 when the call failed"). Build one with
/// <see cref="CompositeReward.Create{TOutcome}"/>. Immutable and thread-safe as long as the component functions are.
/// </summary>
/// <typeparam name="TOutcome">What the reward is computed from.</typeparam>
/// <example>
/// <code>
/// var reward = CompositeReward.Create&lt;Outcome&gt;()
///     .Add("quality", 0.5, o =&gt; o.Quality)
///     .Add("latency", 0.3, o =&gt; 1 - (o.LatencySeconds / 10))
///     .Override("error", o =&gt; o.Failed, -0.5)
///     .Build();
/// double r = reward.Compute(outcome);
/// </code>
/// </example>
public sealed class CompositeReward<TOutcome>
{
    private readonly (string Name, double Weight, Func<TOutcome, double> Value)[] _components;
    private readonly (string Name, Func<TOutcome, bool> When, double Value)[] _overrides;

    internal CompositeReward(
        (string, double, Func<TOutcome, double>)[] components,
        (string, Func<TOutcome, bool>, double)[] overrides)
    {
        _components = components;
        _overrides = overrides;
    }

    /// <summary>The component names, in order.</summary>
    public IEnumerable<string> ComponentNames => _components.Select(c => c.Name);

    /// <summary>Computes the reward of <paramref name="outcome"/> without keeping the breakdown (allocation-free).</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The reward.</returns>
    /// <exception cref="ArgumentException">A component returned NaN or an infinity; the message names it.</exception>
    public double Compute(TOutcome outcome)
    {
        foreach (var (_, when, value) in _overrides)
        {
            if (when(outcome))
            {
                return value;
            }
        }

        double total = 0;
        foreach (var (name, weight, component) in _components)
        {
            total += weight * Evaluate(name, component, outcome);
        }

        return total;
    }

    /// <summary>Computes the reward of <paramref name="outcome"/> with every component's value and contribution.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The breakdown. When an override applies, the terms are still evaluated where they are finite and reported with value NaN where they are not.</returns>
    /// <exception cref="ArgumentException">No override applies and a component returned NaN or an infinity.</exception>
    public RewardBreakdown Explain(TOutcome outcome)
    {
        string? applied = null;
        double total = 0;
        foreach (var (name, when, value) in _overrides)
        {
            if (when(outcome))
            {
                applied = name;
                total = value;
                break;
            }
        }

        var terms = new RewardTerm[_components.Length];
        for (int i = 0; i < _components.Length; i++)
        {
            var (name, weight, component) = _components[i];
            double value;
            if (applied is null)
            {
                value = Evaluate(name, component, outcome);
                total += weight * value;
            }
            else
            {
                value = component(outcome);
                value = double.IsFinite(value) ? value : double.NaN;
            }

            terms[i] = new RewardTerm(name, weight, value);
        }

        return new RewardBreakdown(total, terms, applied);
    }

    private static double Evaluate(string name, Func<TOutcome, double> component, TOutcome outcome)
    {
        double value = component(outcome);
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Reward component '{name}' returned {value}; components must return finite values.", nameof(outcome));
        }

        return value;
    }
}
