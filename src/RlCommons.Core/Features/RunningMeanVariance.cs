using RlCommons.Snapshots;

namespace RlCommons.Features;

/// <summary>
/// Per-component running mean and variance of a stream of vectors (Welford's algorithm, in double precision),
/// and normalization <c>clip((x − mean) / sqrt(var + ε), ±clip)</c> as SB3's <c>VecNormalize</c> does.
/// </summary>
/// <remarks>Thread-safe: updates and reads take an internal lock.</remarks>
public sealed class RunningMeanVariance : ISnapshotable
{
    private readonly Lock _gate = new();
    private double[] _mean;
    private double[] _m2;
    private long _count;

    /// <summary>Creates statistics for vectors of <paramref name="dimension"/> components.</summary>
    /// <param name="dimension">The number of components; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is less than 1.</exception>
    public RunningMeanVariance(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Dimension = dimension;
        _mean = new double[dimension];
        _m2 = new double[dimension];
    }

    /// <summary>The number of components.</summary>
    public int Dimension { get; }

    /// <summary>The number of vectors seen.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <inheritdoc />
    public string SnapshotType => "RlCommons.RunningMeanVariance";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>Adds one vector to the statistics.</summary>
    /// <param name="values">Exactly <see cref="Dimension"/> finite values.</param>
    /// <exception cref="ArgumentException">The length is wrong or a value is NaN or infinite; nothing is added.</exception>
    public void Update(ReadOnlySpan<float> values)
    {
        RequireFinite(values, nameof(values));
        lock (_gate)
        {
            _count++;
            for (int i = 0; i < values.Length; i++)
            {
                double delta = values[i] - _mean[i];
                _mean[i] += delta / _count;
                _m2[i] += delta * (values[i] - _mean[i]);
            }
        }
    }

    /// <summary>Copies the current means into <paramref name="destination"/>.</summary>
    /// <param name="destination">Exactly <see cref="Dimension"/> values.</param>
    public void GetMean(Span<double> destination)
    {
        RequireLength(destination.Length, nameof(destination));
        lock (_gate)
        {
            _mean.CopyTo(destination);
        }
    }

    /// <summary>Copies the current population variances (0 before two observations) into <paramref name="destination"/>.</summary>
    /// <param name="destination">Exactly <see cref="Dimension"/> values.</param>
    public void GetVariance(Span<double> destination)
    {
        RequireLength(destination.Length, nameof(destination));
        lock (_gate)
        {
            for (int i = 0; i < Dimension; i++)
            {
                destination[i] = _count > 0 ? _m2[i] / _count : 0;
            }
        }
    }

    /// <summary>Writes <c>clip((x − mean) / sqrt(var + epsilon), −clip, clip)</c> for each component.</summary>
    /// <param name="values">The raw vector.</param>
    /// <param name="destination">The normalized vector (may be the same memory as <paramref name="values"/>).</param>
    /// <param name="epsilon">Added to the variance; positive.</param>
    /// <param name="clip">The bound on the normalized magnitude; positive.</param>
    /// <exception cref="ArgumentException">A length is wrong.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> or <paramref name="clip"/> is not a positive number.</exception>
    public void Normalize(ReadOnlySpan<float> values, Span<float> destination, double epsilon = 1e-8, double clip = 10.0)
    {
        // A zero epsilon turns a constant feature into NaN, a NaN clip silently disables clipping.
        if (!(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a positive number.");
        }

        if (!(clip > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(clip), clip, "clip must be a positive number.");
        }

        RequireLength(values.Length, nameof(values));
        RequireLength(destination.Length, nameof(destination));
        lock (_gate)
        {
            for (int i = 0; i < values.Length; i++)
            {
                double variance = _count > 0 ? _m2[i] / _count : 0;
                double z = (values[i] - _mean[i]) / Math.Sqrt(variance + epsilon);
                destination[i] = (float)Math.Clamp(z, -clip, clip);
            }
        }
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_gate)
        {
            writer.WriteInt32(Dimension);
            writer.WriteInt64(_count);
            writer.WriteDoubles(_mean);
            writer.WriteDoubles(_m2);
        }
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int dimension = reader.ReadInt32();
        if (dimension != Dimension)
        {
            throw new SnapshotException($"The snapshot's statistics have {dimension} components, these have {Dimension}.");
        }

        long count = reader.ReadInt64();
        double[] mean = reader.ReadDoubles(Dimension, "the means");
        double[] m2 = reader.ReadDoubles(Dimension, "the squared deviations");
        if (count < 0 || m2.Any(v => !(v >= 0)) || mean.Any(v => !double.IsFinite(v)))
        {
            throw new SnapshotException("The snapshot's statistics are invalid (negative count or variance, or a non-finite mean).");
        }

        // Trailing bytes mean the payload is not the layout read here; reject before touching the state.
        reader.EnsureEnd();

        lock (_gate)
        {
            (_count, _mean, _m2) = (count, mean, m2);
        }
    }

    private void RequireFinite(ReadOnlySpan<float> values, string paramName)
    {
        RequireLength(values.Length, paramName);
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"{paramName}[{i}] is {values[i]}; every value must be finite.", paramName);
            }
        }
    }

    private void RequireLength(int length, string paramName)
    {
        if (length != Dimension)
        {
            throw new ArgumentException($"Expected {Dimension} values, got {length}.", paramName);
        }
    }
}
