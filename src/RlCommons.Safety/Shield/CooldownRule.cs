namespace RlCommons.Safety.Shield;

/// <summary>A cooldown per unit: after an action it applies to, the unit gets no other such action for the cooldown.</summary>
/// <remarks>Keeps the last action time of every unit seen (memory grows with the number of units).</remarks>
public sealed class CooldownRule : IShieldRule
{
    private readonly Dictionary<string, DateTimeOffset> _last = new(StringComparer.Ordinal);
    private readonly TimeSpan _cooldown;
    private readonly Func<int, bool>? _appliesTo;

    /// <summary>Creates a cooldown rule.</summary>
    /// <param name="name">The rule name; not empty.</param>
    /// <param name="cooldown">The cooldown, positive.</param>
    /// <param name="appliesTo">The actions it applies to (for example "contact" actions); all when null.</param>
    public CooldownRule(string name, TimeSpan cooldown, Func<int, bool>? appliesTo = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cooldown, TimeSpan.Zero);
        Name = name;
        _cooldown = cooldown;
        _appliesTo = appliesTo;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool Allows(string unitId, int action, DateTimeOffset now)
        => !ActionFilter.Applies(_appliesTo, action) || !_last.TryGetValue(unitId, out DateTimeOffset last) || now - last >= _cooldown;

    /// <inheritdoc/>
    public void Record(string unitId, int action, DateTimeOffset now)
    {
        if (ActionFilter.Applies(_appliesTo, action))
        {
            _last[unitId] = now;
        }
    }
}
