using System.Diagnostics.Metrics;

namespace RlCommons.Safety.Tests.TestSupport;

/// <summary>The smallest IMeterFactory: creates meters and disposes them with the factory.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (Meter m in _meters)
        {
            m.Dispose();
        }
    }
}
