using Microsoft.Extensions.Time.Testing;

namespace RlCommons.Algorithms.Tests.Support;

/// <summary>A clock that always reads the same instant (a <see cref="FakeTimeProvider"/> nobody advances), so snapshot headers of equal states are byte-equal.</summary>
internal static class FixedTimeProvider
{
    public static readonly FakeTimeProvider Instance = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
}
