namespace RlCommons.Safety.Shield;

/// <summary>A custom rule from a predicate (for example "no discount for accounts in collections").</summary>
/// <param name="name">The rule name; not empty.</param>
/// <param name="allows">Returns whether an action for a unit is allowed at a time; called under the shield's lock.</param>
public sealed class PredicateRule(string name, Func<string, int, DateTimeOffset, bool> allows) : IShieldRule
{
    private readonly Func<string, int, DateTimeOffset, bool> _allows = allows ?? throw new ArgumentNullException(nameof(allows));

    /// <inheritdoc/>
    public string Name { get; } = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("The rule name must not be empty.", nameof(name)) : name;

    /// <inheritdoc/>
    public bool Allows(string unitId, int action, DateTimeOffset now) => _allows(unitId, action, now);

    /// <inheritdoc/>
    public void Record(string unitId, int action, DateTimeOffset now)
    {
    }
}
