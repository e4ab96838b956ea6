namespace RlCommons.Algorithms.Tests.Support;

/// <summary>A clock that always reads the same instant, so snapshot headers of equal states are byte-equal.</summary>
internal sealed class FixedTimeProvider : TimeProvider
{
    public static readonly FixedTimeProvider Instance = new();

    public override DateTimeOffset GetUtcNow() => new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
}
