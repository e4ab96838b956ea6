using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using RlCommons.Randomness;

namespace RlCommons.Decisions;

/// <summary>
/// The unique, time-sortable id of one decision: a 128-bit value laid out as an RFC 9562 version-7 UUID (48 bits of
/// Unix milliseconds, then 74 bits derived from the decision point's seed and the decision's sequence number).
/// Rewards are joined to their decision by this id.
/// </summary>
/// <remarks>
/// <para>Ordering: ids compare by their 128 bits, so ids of decisions made in different milliseconds sort by time;
/// within one millisecond the order is arbitrary but fixed.</para>
/// <para>Uniqueness: two ids collide only when the same millisecond, seed and sequence number meet. Decision points
/// that share one log must therefore use different seeds (leaving the seed unset draws a fresh one), and logs reject
/// an id they already hold.</para>
/// <para>Reproducibility: the same timestamp, seed and sequence give the same id.</para>
/// </remarks>
public readonly struct DecisionId : IEquatable<DecisionId>, IComparable<DecisionId>, ISpanFormattable
{
    private readonly ulong _high;
    private readonly ulong _low;

    /// <summary>Creates an id from its two 64-bit halves (big-endian order: <paramref name="high"/> holds the timestamp).</summary>
    /// <param name="high">The first 64 bits.</param>
    /// <param name="low">The last 64 bits.</param>
    public DecisionId(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>The first 64 bits (timestamp, version and 12 derived bits).</summary>
    public ulong High => _high;

    /// <summary>The last 64 bits (variant and 62 derived bits).</summary>
    public ulong Low => _low;

    /// <summary>Whether this is the default (all-zero) value, which no decision ever receives.</summary>
    public bool IsEmpty => _high == 0 && _low == 0;

    /// <summary>The Unix time, in milliseconds, at which the decision was made.</summary>
    public long UnixMilliseconds => (long)(_high >> 16);

    /// <summary>Creates the id of decision <paramref name="sequence"/> of a decision point with seed <paramref name="seed"/>.</summary>
    /// <param name="timestamp">When the decision was made (from the point's <see cref="TimeProvider"/>); at or after the Unix epoch.</param>
    /// <param name="seed">The decision point's seed.</param>
    /// <param name="sequence">The decision's sequence number.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestamp"/> is before the Unix epoch.</exception>
    public static DecisionId Create(DateTimeOffset timestamp, ulong seed, long sequence)
    {
        long ms = timestamp.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(ms, nameof(timestamp));
        ulong bits = SeedSequence.Derive(seed, unchecked((ulong)sequence));
        ulong more = SeedSequence.Derive(~seed, unchecked((ulong)sequence));
        ulong high = ((ulong)ms << 16) | 0x7000UL | (more & 0x0FFFUL);
        ulong low = 0x8000_0000_0000_0000UL | (bits >> 2);
        return new DecisionId(high, low);
    }

    /// <summary>Converts the id to a <see cref="Guid"/> with the same canonical text.</summary>
    /// <returns>The GUID.</returns>
    public Guid ToGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _low);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Creates an id from a <see cref="Guid"/> (the inverse of <see cref="ToGuid"/>).</summary>
    /// <param name="value">The GUID.</param>
    /// <returns>The id.</returns>
    public static DecisionId FromGuid(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return new DecisionId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>Parses the canonical text form (<c>xxxxxxxx-xxxx-7xxx-xxxx-xxxxxxxxxxxx</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The id.</returns>
    /// <exception cref="FormatException">The text is not a GUID.</exception>
    public static DecisionId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out DecisionId id) ? id : throw new FormatException($"'{text}' is not an event id (a GUID such as 0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b).");
    }

    /// <summary>Tries to parse the canonical text form.</summary>
    /// <param name="text">The text.</param>
    /// <param name="id">The id when the text is a GUID.</param>
    /// <returns>Whether the text was parsed.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DecisionId id)
    {
        if (Guid.TryParse(text, out Guid guid))
        {
            id = FromGuid(guid);
            return true;
        }

        id = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(DecisionId other) => _high == other._high && _low == other._low;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DecisionId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (_high ^ (_low * 0x9E3779B97F4A7C15UL)).GetHashCode();

    /// <inheritdoc />
    public int CompareTo(DecisionId other)
    {
        int c = _high.CompareTo(other._high);
        return c != 0 ? c : _low.CompareTo(other._low);
    }

    /// <summary>The canonical text form, lowercase.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => ToGuid().ToString("D", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToGuid().ToString(format, formatProvider);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => ToGuid().TryFormat(destination, out charsWritten, format);

    /// <summary>Equality.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(DecisionId left, DecisionId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(DecisionId left, DecisionId right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether left sorts before right.</returns>
    public static bool operator <(DecisionId left, DecisionId right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether left sorts after right.</returns>
    public static bool operator >(DecisionId left, DecisionId right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether left sorts before or equals right.</returns>
    public static bool operator <=(DecisionId left, DecisionId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether left sorts after or equals right.</returns>
    public static bool operator >=(DecisionId left, DecisionId right) => left.CompareTo(right) >= 0;
}
