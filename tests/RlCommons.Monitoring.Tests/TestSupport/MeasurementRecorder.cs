using System.Diagnostics.Metrics;

namespace RlCommons.Monitoring.Tests.TestSupport;

/// <summary>Collects every measurement of one meter through a <see cref="MeterListener"/>.</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MeasurementRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public List<(Instrument Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = [];

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> t in tags)
        {
            copy[t.Key] = t.Value;
        }

        lock (Measurements)
        {
            Measurements.Add((instrument, value, copy));
        }
    }
}
