namespace RlCommons.Safety.Shield;

/// <summary>
/// A rule the <see cref="SafetyShield"/> enforces: it says whether an action for a unit is allowed now, and records
/// actions that were taken (spending budget, starting cooldowns).
/// </summary>
/// <remarks>The shield calls a rule under its own lock, so implementations need not be thread-safe themselves.</remarks>
public interface IShieldRule
{
    /// <summary>The rule's name, reported with every block and used as the metric tag.</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="action"/> for <paramref name="unitId"/> is allowed at <paramref name="now"/>.</summary>
    /// <param name="unitId">The unit (customer, account).</param>
    /// <param name="action">The action index.</param>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    bool Allows(string unitId, int action, DateTimeOffset now);

    /// <summary>Records that <paramref name="action"/> was taken for <paramref name="unitId"/> at <paramref name="now"/>.</summary>
    /// <param name="unitId">The unit.</param>
    /// <param name="action">The action index.</param>
    /// <param name="now">The current time.</param>
    void Record(string unitId, int action, DateTimeOffset now);
}
