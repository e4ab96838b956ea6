using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RlCommons.Assignment;

/// <summary>
/// Deterministic, sticky traffic bucketing shared by experiments and gradual rollouts. A unit (user, tenant,
/// request key) lands in the same bucket for the same key on every machine and in every process.
/// </summary>
/// <remarks>
/// <para>The scheme, as Microsoft.FeatureManagement's targeting filter does it: hash the UTF-8 bytes of
/// <c>unitId + "\n" + key</c> with SHA-256, read the first four bytes of the digest as a little-endian
/// unsigned 32-bit integer <c>u</c>, and map it to the fraction <c>u / 2³²</c> in [0, 1). A unit is in a
/// share <c>p</c> of traffic when its fraction is below <c>p</c>, so raising <c>p</c> only ever adds units.</para>
/// <para>Thread safety: all members are static and pure, safe from any thread.</para>
/// </remarks>
public static class TrafficHash
{
    private const double TwoTo32 = 4294967296.0;

    /// <summary>Returns the unit's position in [0, 1) for <paramref name="key"/>.</summary>
    /// <param name="unitId">The unit being assigned (for example a user id). Must not be empty.</param>
    /// <param name="key">The experiment or rollout key. Must not be empty.</param>
    /// <returns>A fraction in [0, 1), uniform over units, fixed for each (unit, key) pair.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public static double Fraction(string unitId, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        int length = Encoding.UTF8.GetByteCount(unitId) + 1 + Encoding.UTF8.GetByteCount(key);
        byte[]? rented = length <= 512 ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            int written = Encoding.UTF8.GetBytes(unitId, buffer);
            buffer[written++] = (byte)'\n';
            Encoding.UTF8.GetBytes(key, buffer[written..]);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer, digest);
            return BinaryPrimitives.ReadUInt32LittleEndian(digest) / TwoTo32;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Returns whether the unit falls inside the first <paramref name="share"/> of traffic for <paramref name="key"/>.</summary>
    /// <param name="unitId">The unit being assigned. Must not be empty.</param>
    /// <param name="key">The experiment or rollout key. Must not be empty.</param>
    /// <param name="share">The share of traffic, in [0, 1].</param>
    /// <returns><see langword="true"/> when <see cref="Fraction"/> is below <paramref name="share"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="share"/> is outside [0, 1] or NaN.</exception>
    public static bool IsInShare(string unitId, string key, double share)
    {
        if (!(share >= 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The share must be in [0, 1].");
        }

        return Fraction(unitId, key) < share;
    }

    /// <summary>
    /// Picks a variant by cumulative weights: the unit's fraction is scaled by the weights' sum and the first
    /// variant whose cumulative weight exceeds it wins.
    /// </summary>
    /// <param name="unitId">The unit being assigned. Must not be empty.</param>
    /// <param name="key">The experiment key. Must not be empty.</param>
    /// <param name="weights">Non-negative, finite weights with a positive sum (need not sum to 1).</param>
    /// <returns>The index of the chosen variant.</returns>
    /// <exception cref="ArgumentException">The weights are empty, negative, non-finite or sum to zero.</exception>
    public static int Bucket(string unitId, string key, ReadOnlySpan<double> weights)
    {
        if (weights.IsEmpty)
        {
            throw new ArgumentException("At least one weight is required.", nameof(weights));
        }

        double total = 0;
        foreach (double w in weights)
        {
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentException($"Weights must be finite and non-negative; got {w}.", nameof(weights));
            }

            total += w;
        }

        if (total <= 0)
        {
            throw new ArgumentException("The weights must have a positive sum.", nameof(weights));
        }

        double point = Fraction(unitId, key) * total;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0)
            {
                continue;
            }

            last = i;
            cumulative += weights[i];
            if (point < cumulative)
            {
                return i;
            }
        }

        // Rounding can leave point == total; the last positive-weight variant takes it.
        return last;
    }
}
