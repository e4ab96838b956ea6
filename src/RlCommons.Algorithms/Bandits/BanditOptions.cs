using RlCommons.Validation;

namespace RlCommons.Algorithms.Bandits;

/// <summary>The options every bandit shares: its initial arms and its randomness.</summary>
public abstract class BanditOptions : AgentOptions
{
    /// <summary>The names of the initial arms, in index order. Arms can also be added and removed later.</summary>
    /// <value>The default is empty: then <see cref="ArmCount"/> arms named "0", "1", … are created.</value>
    public IList<string> Arms { get; set; } = [];

    /// <summary>The number of initial arms, named "0" to "ArmCount − 1", used when <see cref="Arms"/> is empty.</summary>
    /// <value>The default is 0 (no arm until one is added).</value>
    public int ArmCount { get; set; }

    /// <summary>The initial arm names that these options describe.</summary>
    /// <returns>The names, in index order.</returns>
    public IReadOnlyList<string> ResolveArmNames()
        => Arms is { Count: > 0 } ? [.. Arms] : [.. Enumerable.Range(0, Math.Max(ArmCount, 0)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        errors.Require(Arms is not null, nameof(Arms), "Arms must not be null.");
        errors.Require(ArmCount >= 0, nameof(ArmCount), $"ArmCount must be at least 0, was {ArmCount}.");
        if (Arms is { Count: > 0 })
        {
            errors.Require(ArmCount == 0 || ArmCount == Arms.Count, nameof(ArmCount), $"ArmCount ({ArmCount}) disagrees with the {Arms.Count} names in Arms; set one of them.");
            errors.Require(Arms.All(a => !string.IsNullOrWhiteSpace(a)), nameof(Arms), "Arm names must not be empty.");
            errors.Require(Arms.Distinct(StringComparer.Ordinal).Count() == Arms.Count, nameof(Arms), "Arm names must be unique.");
        }

        ValidateBandit(errors);
    }

    /// <summary>Adds the problems specific to one bandit's options.</summary>
    /// <param name="errors">The collector.</param>
    protected abstract void ValidateBandit(ValidationErrors errors);
}
