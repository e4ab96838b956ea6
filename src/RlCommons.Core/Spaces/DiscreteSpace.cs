namespace RlCommons.Spaces;

/// <summary>The integers <c>Start, Start + 1, …, Start + Count − 1</c> (Gymnasium's <c>Discrete</c>). Flat form: one-hot.</summary>
public sealed class DiscreteSpace : Space
{
    /// <summary>Creates a discrete space of <paramref name="count"/> values starting at <paramref name="start"/>.</summary>
    /// <param name="count">The number of values; at least 1.</param>
    /// <param name="start">The smallest value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1, or the largest value <c>start + count − 1</c> exceeds <see cref="int.MaxValue"/>.</exception>
    public DiscreteSpace(int count, int start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);

        // Every value, and so Start + Count - 1, must be an int: Sample and Validate compute it.
        if ((long)start + count - 1 > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"start + count - 1 must not exceed {int.MaxValue}.");
        }

        Count = count;
        Start = start;
    }

    /// <summary>The number of values.</summary>
    public int Count { get; }

    /// <summary>The smallest value.</summary>
    public int Start { get; }

    /// <inheritdoc />
    public override int FlatDimension => Count;

    /// <summary>Whether <paramref name="value"/> belongs to the space.</summary>
    /// <param name="value">The candidate.</param>
    /// <returns><see langword="true"/> when <c>Start ≤ value &lt; Start + Count</c>.</returns>
    public bool Contains(int value) => value >= Start && (long)value - Start < Count;

    /// <summary>Throws when <paramref name="value"/> is not in the space.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="paramName">The parameter name to report.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the space.</exception>
    public void Validate(int value, string paramName)
    {
        if (!Contains(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be in [{Start}, {Start + Count - 1}].");
        }
    }

    /// <summary>Draws a value uniformly.</summary>
    /// <param name="random">The random source.</param>
    /// <returns>A value of the space.</returns>
    public int Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Start + random.Next(Count);
    }

    /// <summary>Writes the one-hot encoding of <paramref name="value"/>.</summary>
    /// <param name="value">A value of the space.</param>
    /// <param name="destination">Exactly <see cref="Count"/> floats.</param>
    /// <exception cref="ArgumentException">The value or the destination length is invalid.</exception>
    public void Flatten(int value, Span<float> destination)
    {
        Validate(value, nameof(value));
        RequireFlatLength(destination.Length, nameof(destination));
        destination.Clear();
        destination[value - Start] = 1f;
    }

    /// <inheritdoc />
    public override bool ContainsFlat(ReadOnlySpan<float> flat) => flat.Length == Count && IsOneHot(flat);

    /// <summary>Whether <paramref name="flat"/> holds exactly one 1 and otherwise zeros.</summary>
    internal static bool IsOneHot(ReadOnlySpan<float> flat)
    {
        int ones = 0;
        foreach (float v in flat)
        {
            if (v == 1f)
            {
                ones++;
            }
            else if (v != 0f)
            {
                return false;
            }
        }

        return ones == 1;
    }

    /// <inheritdoc />
    public override void SampleFlat(Random random, Span<float> destination)
    {
        RequireFlatLength(destination.Length, nameof(destination));
        Flatten(Sample(random), destination);
    }

    /// <inheritdoc />
    public override bool Equals(Space? other) => other is DiscreteSpace d && d.Count == Count && d.Start == Start;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(nameof(DiscreteSpace), Count, Start);

    /// <inheritdoc />
    public override string ToString() => Start == 0 ? $"Discrete({Count})" : $"Discrete({Count}, start={Start})";
}
