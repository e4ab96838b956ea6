namespace RlCommons.Monitoring.Tests.TestSupport;

/// <summary>A clock the test moves by hand (both wall time and the timestamp counter), so nothing depends on real time.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks;

    public DateTimeOffset UtcNow { get; private set; } = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => UtcNow;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by)
    {
        UtcNow += by;
        _ticks += by.Ticks;
    }
}
