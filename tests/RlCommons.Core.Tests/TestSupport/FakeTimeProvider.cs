namespace RlCommons.Core.Tests.TestSupport;

/// <summary>A clock that returns a time the test sets, so nothing depends on the wall clock.</summary>
internal sealed class FakeTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public DateTimeOffset UtcNow { get; set; } = utcNow;

    public override DateTimeOffset GetUtcNow() => UtcNow;
}
