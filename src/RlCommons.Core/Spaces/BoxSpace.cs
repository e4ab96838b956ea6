using System.Globalization;

namespace RlCommons.Spaces;

/// <summary>
/// A box of real vectors, <c>Low[i] ≤ x[i] ≤ High[i]</c>, bounds possibly infinite (Gymnasium's <c>Box</c>).
/// The flat form is the vector itself (row-major for multi-dimensional shapes).
/// </summary>
public sealed class BoxSpace : Space
{
    private readonly float[] _low;
    private readonly float[] _high;
    private readonly int[] _shape;

    /// <summary>Creates a box with the same bounds for every one of <paramref name="dimension"/> components.</summary>
    /// <param name="low">The lower bound; may be <see cref="float.NegativeInfinity"/>.</param>
    /// <param name="high">The upper bound; may be <see cref="float.PositiveInfinity"/>.</param>
    /// <param name="dimension">The number of components; at least 1.</param>
    /// <exception cref="ArgumentException">A bound is NaN, <paramref name="low"/> exceeds <paramref name="high"/>, or the dimension is below 1.</exception>
    public BoxSpace(float low, float high, int dimension)
        : this(Fill(low, dimension, nameof(dimension)), Fill(high, dimension, nameof(dimension)))
    {
    }

    /// <summary>Creates a box with per-component bounds and a flat shape.</summary>
    /// <param name="low">The lower bounds.</param>
    /// <param name="high">The upper bounds; same length as <paramref name="low"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ or are 0, a bound is NaN, or a lower bound exceeds its upper bound.</exception>
    public BoxSpace(ReadOnlySpan<float> low, ReadOnlySpan<float> high)
        : this(low, high, [low.Length])
    {
    }

    /// <summary>Creates a box with per-component bounds and the given <paramref name="shape"/>.</summary>
    /// <param name="low">The lower bounds, row-major.</param>
    /// <param name="high">The upper bounds, row-major.</param>
    /// <param name="shape">The shape; the product of its entries is the number of components.</param>
    /// <exception cref="ArgumentException">The shape or bounds are inconsistent.</exception>
    public BoxSpace(ReadOnlySpan<float> low, ReadOnlySpan<float> high, ReadOnlySpan<int> shape)
    {
        if (shape.IsEmpty)
        {
            throw new ArgumentException("The shape needs at least one dimension.", nameof(shape));
        }

        long size = 1;
        foreach (int s in shape)
        {
            if (s < 1)
            {
                throw new ArgumentException($"Every dimension of the shape must be at least 1, got [{string.Join(", ", shape.ToArray())}].", nameof(shape));
            }

            size *= s;
        }

        if (low.Length != size || high.Length != size)
        {
            throw new ArgumentException($"low and high must both have {size} components (the shape's size), got {low.Length} and {high.Length}.", nameof(low));
        }

        for (int i = 0; i < low.Length; i++)
        {
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]))
            {
                throw new ArgumentException($"Bounds must not be NaN (component {i}).", float.IsNaN(low[i]) ? nameof(low) : nameof(high));
            }

            if (low[i] > high[i])
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"low[{i}] = {low[i]} exceeds high[{i}] = {high[i]}."), nameof(low));
            }
        }

        _low = low.ToArray();
        _high = high.ToArray();
        _shape = shape.ToArray();
    }

    /// <summary>The lower bounds, row-major.</summary>
    public ReadOnlySpan<float> Low => _low;

    /// <summary>The upper bounds, row-major.</summary>
    public ReadOnlySpan<float> High => _high;

    /// <summary>The shape of an element.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <inheritdoc />
    public override int FlatDimension => _low.Length;

    /// <summary>Whether every bound is finite.</summary>
    public bool IsBounded => _low.All(float.IsFinite) && _high.All(float.IsFinite);

    /// <inheritdoc />
    public override bool ContainsFlat(ReadOnlySpan<float> flat)
    {
        if (flat.Length != _low.Length)
        {
            return false;
        }

        for (int i = 0; i < flat.Length; i++)
        {
            // NaN fails both comparisons and is rejected.
            if (!(flat[i] >= _low[i] && flat[i] <= _high[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws when <paramref name="values"/> is not in the box, naming the first component at fault.</summary>
    /// <param name="values">The candidate vector.</param>
    /// <param name="paramName">The parameter name to report.</param>
    /// <exception cref="ArgumentException">The length is wrong, or a component is NaN or outside its bounds.</exception>
    public void Validate(ReadOnlySpan<float> values, string paramName)
    {
        RequireFlatLength(values.Length, paramName);
        for (int i = 0; i < values.Length; i++)
        {
            if (!(values[i] >= _low[i] && values[i] <= _high[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{paramName}[{i}] = {values[i]} is outside [{_low[i]}, {_high[i]}]."), paramName);
            }
        }
    }

    /// <summary>Clips every component of <paramref name="values"/> into the box, in place.</summary>
    /// <param name="values">The vector to clip; NaN components are left as they are.</param>
    /// <exception cref="ArgumentException">The length is wrong.</exception>
    public void Clip(Span<float> values)
    {
        RequireFlatLength(values.Length, nameof(values));
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Clamp(values[i], _low[i], _high[i]);
        }
    }

    /// <summary>
    /// Samples as Gymnasium does: uniform on bounded components, standard normal on unbounded ones, and a
    /// shifted exponential on components bounded on one side only.
    /// </summary>
    /// <param name="random">The random source.</param>
    /// <param name="destination">Exactly <see cref="FlatDimension"/> floats.</param>
    public override void SampleFlat(Random random, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        RequireFlatLength(destination.Length, nameof(destination));
        for (int i = 0; i < destination.Length; i++)
        {
            float lo = _low[i], hi = _high[i];
            bool finiteLow = float.IsFinite(lo), finiteHigh = float.IsFinite(hi);
            double u = random.NextDouble();
            double value = (finiteLow, finiteHigh) switch
            {
                (true, true) => lo + (u * ((double)hi - lo)),
                (true, false) => lo - Math.Log(1 - u),
                (false, true) => hi + Math.Log(1 - u),
                _ => StandardNormal(u, random.NextDouble()),
            };
            destination[i] = Math.Clamp((float)value, lo, hi);
        }
    }

    /// <inheritdoc />
    public override bool Equals(Space? other)
        => other is BoxSpace b && b._low.AsSpan().SequenceEqual(_low) && b._high.AsSpan().SequenceEqual(_high) && b._shape.AsSpan().SequenceEqual(_shape);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(nameof(BoxSpace));
        foreach (int s in _shape)
        {
            hash.Add(s);
        }

        for (int i = 0; i < _low.Length; i++)
        {
            hash.Add(_low[i]);
            hash.Add(_high[i]);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        string shape = string.Join(", ", _shape);
        bool uniform = _low.All(v => v.Equals(_low[0])) && _high.All(v => v.Equals(_high[0]));
        return uniform
            ? string.Create(CultureInfo.InvariantCulture, $"Box({_low[0]}, {_high[0]}, ({shape}))")
            : $"Box(({shape}))";
    }

    // Box–Muller transform from two uniforms in [0, 1).
    private static double StandardNormal(double u1, double u2) => Math.Sqrt(-2.0 * Math.Log(1.0 - u1)) * Math.Cos(2.0 * Math.PI * u2);

    private static float[] Fill(float value, int dimension, string paramName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1, paramName);
        var values = new float[dimension];
        Array.Fill(values, value);
        return values;
    }
}
