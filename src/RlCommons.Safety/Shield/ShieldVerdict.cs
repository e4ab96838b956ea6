namespace RlCommons.Safety.Shield;

/// <summary>The shield's answer for one action.</summary>
/// <param name="Allowed">Whether the action may be taken.</param>
/// <param name="BlockedBy">The name of the first rule that blocked it; null when allowed.</param>
public readonly record struct ShieldVerdict(bool Allowed, string? BlockedBy)
{
    /// <summary>The verdict for an allowed action.</summary>
    public static ShieldVerdict Allow { get; } = new(true, null);
}
