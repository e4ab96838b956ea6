using RlCommons.Snapshots;

namespace RlCommons.Safety.Adjustment;

/// <summary>
/// A policy made of named numbers (thresholds, weights, routing parameters), adjusted by the
/// policy adjustment engine and versioned by the <see cref="Registry.PolicyRegistry"/>.
/// </summary>
/// <remarks>Thread safety: all members are thread-safe (one lock); snapshot round trips are bit-identical.</remarks>
public sealed class NumericPolicy : ISnapshotable
{
    private readonly Lock _gate = new();
    private SortedDictionary<string, double> _values;

    /// <summary>Creates a numeric policy.</summary>
    /// <param name="values">The parameters by name; names non-empty, values finite.</param>
    public NumericPolicy(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach ((string name, double value) in values)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(values));
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Parameter '{name}' must be finite, got {value}.", nameof(values));
            }

            _values[name] = value;
        }
    }

    /// <inheritdoc/>
    public string SnapshotType => "RlCommons.Safety.NumericPolicy";

    /// <inheritdoc/>
    public int SnapshotVersion => 1;

    /// <summary>A copy of the parameters.</summary>
    public IReadOnlyDictionary<string, double> Values
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, double>(_values, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The value of one parameter.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="KeyNotFoundException">No such parameter.</exception>
    public double this[string name]
    {
        get
        {
            lock (_gate)
            {
                return _values.TryGetValue(name, out double v) ? v : throw new KeyNotFoundException($"The policy has no parameter '{name}'.");
            }
        }
    }

    /// <summary>Sets an existing parameter (used by the adjustment engine after validation).</summary>
    internal void Set(string name, double value)
    {
        lock (_gate)
        {
            if (!_values.ContainsKey(name))
            {
                throw new KeyNotFoundException($"The policy has no parameter '{name}'.");
            }

            _values[name] = value;
        }
    }

    /// <inheritdoc/>
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_gate)
        {
            writer.WriteInt32(_values.Count);
            foreach ((string name, double value) in _values)
            {
                writer.WriteString(name);
                writer.WriteDouble(value);
            }
        }
    }

    /// <inheritdoc/>
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int count = reader.ReadInt32();
        if (count < 0 || count > reader.Remaining)
        {
            throw new SnapshotException($"The parameter count {count} is invalid.");
        }

        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadRequiredString();
            double value = reader.ReadDouble();
            if (!double.IsFinite(value) || !values.TryAdd(name, value))
            {
                throw new SnapshotException($"Parameter '{name}' is duplicated or not finite.");
            }
        }

        reader.EnsureEnd();
        lock (_gate)
        {
            _values = values;
        }
    }
}
