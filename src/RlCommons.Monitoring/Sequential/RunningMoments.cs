namespace RlCommons.Monitoring.Sequential;

/// <summary>Welford's running mean and sum of squared deviations. Not thread-safe: callers lock.</summary>
internal struct RunningMoments
{
    private long _count;
    private double _mean;
    private double _squares;

    public void Add(double x)
    {
        _count++;
        double delta = x - _mean;
        _mean += delta / _count;
        _squares += delta * (x - _mean);
    }

    public readonly SampleSummary Summary => new(_count, _mean, _count > 1 ? _squares / (_count - 1) : 0);
}
