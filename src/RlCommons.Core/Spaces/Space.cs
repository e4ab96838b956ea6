namespace RlCommons.Spaces;

/// <summary>
/// The set of valid actions or observations of an agent (Gymnasium's <c>Space</c>). Every space also has a
/// flat form, a vector of <see cref="FlatDimension"/> floats (discrete parts one-hot encoded), which is what
/// feature vectors and neural networks consume. Spaces are immutable and thread-safe; two spaces are equal
/// when they have the same kind and bounds.
/// </summary>
public abstract class Space : IEquatable<Space>
{
    private protected Space()
    {
    }

    /// <summary>The length of the flat form of an element of this space.</summary>
    public abstract int FlatDimension { get; }

    /// <summary>Whether <paramref name="flat"/> is the flat form of an element of this space.</summary>
    /// <param name="flat">A candidate flat vector.</param>
    /// <returns><see langword="true"/> when it has the right length and every part is valid.</returns>
    public abstract bool ContainsFlat(ReadOnlySpan<float> flat);

    /// <summary>Writes the flat form of a uniformly (or, for unbounded boxes, normally) sampled element.</summary>
    /// <param name="random">The random source; the only one used.</param>
    /// <param name="destination">Exactly <see cref="FlatDimension"/> floats.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public abstract void SampleFlat(Random random, Span<float> destination);

    /// <inheritdoc />
    public abstract bool Equals(Space? other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Space other && Equals(other);

    /// <inheritdoc />
    public abstract override int GetHashCode();

    /// <summary>Throws when <paramref name="length"/> differs from <see cref="FlatDimension"/>.</summary>
    /// <param name="length">The length of the vector to check.</param>
    /// <param name="paramName">The parameter name to report.</param>
    /// <exception cref="ArgumentException">The length is wrong.</exception>
    private protected void RequireFlatLength(int length, string paramName)
    {
        if (length != FlatDimension)
        {
            throw new ArgumentException($"Expected a flat vector of length {FlatDimension} for {this}, got {length}.", paramName);
        }
    }
}
