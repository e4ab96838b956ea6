namespace RlCommons.Policies;

/// <summary>
/// A policy whose actions are named arms set by configuration (the bandits): it can bring its live arms in line with a
/// list of names. Hosts apply the configuration after loading a snapshot and whenever the configuration changes.
/// </summary>
/// <remarks>
/// The rule: the configuration wins. Arms it names that the policy lacks are added and start from the prior; arms the
/// policy has that it does not name are removed (their index is never reused, so late rewards cannot reach another
/// arm); the arms in both keep everything they learned.
/// </remarks>
public interface IConfiguredArms
{
    /// <summary>The arm names of the configuration the policy was built with (or last synchronized to).</summary>
    IReadOnlyList<string> ConfiguredArms { get; }

    /// <summary>Adds the arms of <paramref name="arms"/> the policy lacks and removes the ones it does not name.</summary>
    /// <param name="arms">The configured arm names; not empty, no duplicates.</param>
    /// <returns>The arms added and removed, each in order; both empty when nothing changed.</returns>
    /// <exception cref="ArgumentException">The list is empty, has a blank or repeated name; nothing changes.</exception>
    (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) SyncArms(IEnumerable<string> arms);
}
