namespace RlCommons.Rewards;

/// <summary>Builds a <see cref="CompositeReward{TOutcome}"/>. Not thread-safe.</summary>
/// <typeparam name="TOutcome">What the reward is computed from.</typeparam>
public sealed class CompositeRewardBuilder<TOutcome>
{
    private readonly List<(string, double, Func<TOutcome, double>)> _components = [];
    private readonly List<(string, Func<TOutcome, bool>, double)> _overrides = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    internal CompositeRewardBuilder()
    {
    }

    /// <summary>Adds a component <c>weight · value(outcome)</c>.</summary>
    /// <param name="name">A unique, non-empty name.</param>
    /// <param name="weight">A finite weight (negative weights penalize).</param>
    /// <param name="value">Computes the component's raw value; must return finite numbers.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is empty or taken, or the weight is not finite.</exception>
    public CompositeRewardBuilder<TOutcome> Add(string name, double weight, Func<TOutcome, double> value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Check everything before RequireName reserves the name, so a rejected call leaves the builder unchanged.
        if (!double.IsFinite(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, $"The weight of '{name}' must be finite.");
        }

        RequireName(name);

        _components.Add((name, weight, value));
        return this;
    }

    /// <summary>
    /// Adds a rule that, when <paramref name="when"/> holds, sets the whole reward to <paramref name="reward"/>.
    /// Rules are tried in the order they were added; the first that matches wins.
    /// </summary>
    /// <param name="name">A unique, non-empty name reported in the breakdown.</param>
    /// <param name="when">The condition.</param>
    /// <param name="reward">The reward when it holds; finite.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is empty or taken, or the reward is not finite.</exception>
    public CompositeRewardBuilder<TOutcome> Override(string name, Func<TOutcome, bool> when, double reward)
    {
        ArgumentNullException.ThrowIfNull(when);
        if (!double.IsFinite(reward))
        {
            throw new ArgumentOutOfRangeException(nameof(reward), reward, $"The reward of override '{name}' must be finite.");
        }

        RequireName(name);

        _overrides.Add((name, when, reward));
        return this;
    }

    /// <summary>Builds the reward.</summary>
    /// <returns>The immutable composite reward.</returns>
    /// <exception cref="InvalidOperationException">No component was added.</exception>
    public CompositeReward<TOutcome> Build()
    {
        if (_components.Count == 0)
        {
            throw new InvalidOperationException("A composite reward needs at least one component.");
        }

        return new CompositeReward<TOutcome>([.. _components], [.. _overrides]);
    }

    private void RequireName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_names.Add(name))
        {
            throw new ArgumentException($"The name '{name}' is already used in this reward.", nameof(name));
        }
    }
}
