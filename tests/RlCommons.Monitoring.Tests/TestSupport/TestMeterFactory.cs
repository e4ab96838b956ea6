using System.Diagnostics.Metrics;

namespace RlCommons.Monitoring.Tests.TestSupport;

/// <summary>A minimal <see cref="IMeterFactory"/> that remembers and disposes the meters it created.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    public List<Meter> Created { get; } = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        Created.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (Meter m in Created)
        {
            m.Dispose();
        }
    }
}
