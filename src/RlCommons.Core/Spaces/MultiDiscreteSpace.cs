namespace RlCommons.Spaces;

/// <summary>
/// A vector of independent discrete values, component <c>i</c> in <c>[0, Counts[i])</c> (Gymnasium's
/// <c>MultiDiscrete</c>). Flat form: the concatenated one-hot encodings.
/// </summary>
public sealed class MultiDiscreteSpace : Space
{
    private readonly int[] _counts;

    /// <summary>Creates the space.</summary>
    /// <param name="counts">The number of values of each component; at least one component, each at least 1.</param>
    /// <exception cref="ArgumentException"><paramref name="counts"/> is empty or has a count below 1.</exception>
    public MultiDiscreteSpace(params ReadOnlySpan<int> counts)
    {
        if (counts.IsEmpty)
        {
            throw new ArgumentException("At least one component is required.", nameof(counts));
        }

        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] < 1)
            {
                throw new ArgumentException($"counts[{i}] must be at least 1, was {counts[i]}.", nameof(counts));
            }
        }

        _counts = counts.ToArray();
        FlatDimension = _counts.Sum();
        long joint = 1;
        foreach (int count in _counts)
        {
            joint = Math.Min(joint * count, (long)int.MaxValue + 1);
        }

        JointCount = joint <= int.MaxValue ? (int)joint : -1;
    }

    /// <summary>The number of values of each component.</summary>
    public ReadOnlySpan<int> Counts => _counts;

    /// <summary>The number of joint values (the product of the counts), or −1 when it exceeds <see cref="int.MaxValue"/>.</summary>
    public int JointCount { get; }

    /// <summary>
    /// The index of <paramref name="values"/> among all joint values, in mixed radix with the first component most
    /// significant: <c>((v₀·n₁ + v₁)·n₂ + v₂)…</c>. Policies over a multi-discrete space use it as their action index.
    /// </summary>
    /// <param name="values">One value per component, each in range.</param>
    /// <returns>The joint index, in <c>[0, JointCount)</c>.</returns>
    /// <exception cref="ArgumentException">The values are not in the space.</exception>
    /// <exception cref="InvalidOperationException">The space has more than <see cref="int.MaxValue"/> joint values.</exception>
    public int ToJointIndex(ReadOnlySpan<int> values)
    {
        RequireJointIndexable();
        Validate(values, nameof(values));
        int index = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            index = (index * _counts[i]) + values[i];
        }

        return index;
    }

    /// <summary>Writes the component values of joint index <paramref name="index"/> (the inverse of <see cref="ToJointIndex"/>).</summary>
    /// <param name="index">A joint index in <c>[0, JointCount)</c>.</param>
    /// <param name="values">Receives one value per component.</param>
    /// <exception cref="ArgumentException">The index is out of range or <paramref name="values"/> has the wrong length.</exception>
    /// <exception cref="InvalidOperationException">The space has more than <see cref="int.MaxValue"/> joint values.</exception>
    public void FromJointIndex(int index, Span<int> values)
    {
        RequireJointIndexable();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, JointCount);
        if (values.Length != _counts.Length)
        {
            throw new ArgumentException($"values needs {_counts.Length} entries, has {values.Length}.", nameof(values));
        }

        for (int i = _counts.Length - 1; i >= 0; i--)
        {
            values[i] = index % _counts[i];
            index /= _counts[i];
        }
    }

    private void RequireJointIndexable()
    {
        if (JointCount < 0)
        {
            throw new InvalidOperationException($"{this} has more than {int.MaxValue} joint values; it cannot be indexed jointly.");
        }
    }

    /// <inheritdoc />
    public override int FlatDimension { get; }

    /// <summary>Whether <paramref name="values"/> belongs to the space.</summary>
    /// <param name="values">One value per component.</param>
    /// <returns><see langword="true"/> when the length matches and each value is in range.</returns>
    public bool Contains(ReadOnlySpan<int> values)
    {
        if (values.Length != _counts.Length)
        {
            return false;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if ((uint)values[i] >= (uint)_counts[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws when <paramref name="values"/> is not in the space, naming the first component at fault.</summary>
    /// <param name="values">One value per component.</param>
    /// <param name="paramName">The parameter name to report.</param>
    /// <exception cref="ArgumentException">The length is wrong or a component is out of range.</exception>
    public void Validate(ReadOnlySpan<int> values, string paramName)
    {
        if (values.Length != _counts.Length)
        {
            throw new ArgumentException($"Expected {_counts.Length} components, got {values.Length}.", paramName);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if ((uint)values[i] >= (uint)_counts[i])
            {
                throw new ArgumentException($"{paramName}[{i}] must be in [0, {_counts[i] - 1}], was {values[i]}.", paramName);
            }
        }
    }

    /// <summary>Draws each component uniformly.</summary>
    /// <param name="random">The random source.</param>
    /// <param name="destination">One slot per component.</param>
    /// <exception cref="ArgumentException">The destination has the wrong length.</exception>
    public void Sample(Random random, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (destination.Length != _counts.Length)
        {
            throw new ArgumentException($"Expected {_counts.Length} components, got {destination.Length}.", nameof(destination));
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = random.Next(_counts[i]);
        }
    }

    /// <summary>Writes the concatenated one-hot encoding of <paramref name="values"/>.</summary>
    /// <param name="values">An element of the space.</param>
    /// <param name="destination">Exactly <see cref="FlatDimension"/> floats.</param>
    /// <exception cref="ArgumentException">The values or the destination length are invalid.</exception>
    public void Flatten(ReadOnlySpan<int> values, Span<float> destination)
    {
        Validate(values, nameof(values));
        RequireFlatLength(destination.Length, nameof(destination));
        destination.Clear();
        int offset = 0;
        for (int i = 0; i < values.Length; i++)
        {
            destination[offset + values[i]] = 1f;
            offset += _counts[i];
        }
    }

    /// <inheritdoc />
    public override bool ContainsFlat(ReadOnlySpan<float> flat)
    {
        if (flat.Length != FlatDimension)
        {
            return false;
        }

        int offset = 0;
        foreach (int count in _counts)
        {
            if (!DiscreteSpace.IsOneHot(flat.Slice(offset, count)))
            {
                return false;
            }

            offset += count;
        }

        return true;
    }

    /// <inheritdoc />
    public override void SampleFlat(Random random, Span<float> destination)
    {
        RequireFlatLength(destination.Length, nameof(destination));
        Span<int> values = _counts.Length <= 64 ? stackalloc int[_counts.Length] : new int[_counts.Length];
        Sample(random, values);
        Flatten(values, destination);
    }

    /// <inheritdoc />
    public override bool Equals(Space? other) => other is MultiDiscreteSpace m && m._counts.AsSpan().SequenceEqual(_counts);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(nameof(MultiDiscreteSpace));
        foreach (int c in _counts)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"MultiDiscrete([{string.Join(", ", _counts)}])";
}
