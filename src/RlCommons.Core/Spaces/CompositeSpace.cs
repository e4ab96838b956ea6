namespace RlCommons.Spaces;

/// <summary>
/// An ordered set of named sub-spaces (Gymnasium's <c>Dict</c>, with a fixed order). The flat form is the
/// concatenation of the sub-spaces' flat forms in that order; <see cref="GetSlice"/> locates each one.
/// </summary>
public sealed class CompositeSpace : Space
{
    private readonly (string Name, Space Space, int Offset)[] _parts;

    /// <summary>Creates the space from named parts.</summary>
    /// <param name="parts">At least one part; names must be unique and non-empty.</param>
    /// <exception cref="ArgumentException">No part, an empty or duplicate name, or a null space.</exception>
    public CompositeSpace(params ReadOnlySpan<(string Name, Space Space)> parts)
    {
        if (parts.IsEmpty)
        {
            throw new ArgumentException("At least one part is required.", nameof(parts));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        _parts = new (string, Space, int)[parts.Length];
        int offset = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            (string name, Space space) = parts[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"Part {i} has an empty name.", nameof(parts));
            }

            if (space is null)
            {
                throw new ArgumentException($"Part '{name}' has no space.", nameof(parts));
            }

            if (!names.Add(name))
            {
                throw new ArgumentException($"The name '{name}' is used twice.", nameof(parts));
            }

            _parts[i] = (name, space, offset);
            offset += space.FlatDimension;
        }

        FlatDimension = offset;
    }

    /// <summary>The parts in order.</summary>
    public IEnumerable<(string Name, Space Space)> Parts => _parts.Select(p => (p.Name, p.Space));

    /// <inheritdoc />
    public override int FlatDimension { get; }

    /// <summary>Returns the sub-space called <paramref name="name"/>.</summary>
    /// <param name="name">The part's name.</param>
    /// <returns>The sub-space.</returns>
    /// <exception cref="KeyNotFoundException">No part has that name.</exception>
    public Space this[string name] => _parts[IndexOf(name)].Space;

    /// <summary>Returns where the part called <paramref name="name"/> sits in the flat form.</summary>
    /// <param name="name">The part's name.</param>
    /// <returns>The offset and length of the part.</returns>
    /// <exception cref="KeyNotFoundException">No part has that name.</exception>
    public Range GetSlice(string name)
    {
        var part = _parts[IndexOf(name)];
        return new Range(part.Offset, part.Offset + part.Space.FlatDimension);
    }

    /// <inheritdoc />
    public override bool ContainsFlat(ReadOnlySpan<float> flat)
    {
        if (flat.Length != FlatDimension)
        {
            return false;
        }

        foreach (var (_, space, offset) in _parts)
        {
            if (!space.ContainsFlat(flat.Slice(offset, space.FlatDimension)))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override void SampleFlat(Random random, Span<float> destination)
    {
        RequireFlatLength(destination.Length, nameof(destination));
        foreach (var (_, space, offset) in _parts)
        {
            space.SampleFlat(random, destination.Slice(offset, space.FlatDimension));
        }
    }

    /// <inheritdoc />
    public override bool Equals(Space? other)
    {
        if (other is not CompositeSpace c || c._parts.Length != _parts.Length)
        {
            return false;
        }

        for (int i = 0; i < _parts.Length; i++)
        {
            if (c._parts[i].Name != _parts[i].Name || !c._parts[i].Space.Equals(_parts[i].Space))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(nameof(CompositeSpace));
        foreach (var (name, space, _) in _parts)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(space);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"Composite({string.Join(", ", _parts.Select(p => $"{p.Name}: {p.Space}"))})";

    private int IndexOf(string name)
    {
        for (int i = 0; i < _parts.Length; i++)
        {
            if (_parts[i].Name == name)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"No part is called '{name}'. Parts: {string.Join(", ", _parts.Select(p => p.Name))}.");
    }
}
