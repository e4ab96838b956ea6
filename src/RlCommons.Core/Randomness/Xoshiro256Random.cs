using System.Buffers.Binary;
using System.Numerics;

namespace RlCommons.Randomness;

/// <summary>
/// A <see cref="Random"/> backed by xoshiro256** (Blackman &amp; Vigna 2018) whose whole state can be read,
/// written and reseeded without allocating. Agents reseed one instance per decision from
/// <see cref="SeedSequence.Derive"/>, and libraries that take a <see cref="Random"/> (such as MathNet's samplers)
/// draw from it unchanged.
/// </summary>
/// <remarks>Not thread-safe: give each thread (or each lock-protected agent) its own instance.</remarks>
public sealed class Xoshiro256Random : Random
{
    private ulong _s0, _s1, _s2, _s3;
    private ulong _deferredSeed;
    private bool _deferred;

    /// <summary>Creates a generator seeded with <paramref name="seed"/>.</summary>
    /// <param name="seed">Any 64-bit value; the state is expanded from it with SplitMix64.</param>
    public Xoshiro256Random(ulong seed)
        : base(0)
    {
        Reseed(seed);
    }

    /// <summary>Resets the generator to the state that <paramref name="seed"/> defines. Allocation-free.</summary>
    /// <param name="seed">Any 64-bit value.</param>
    public void Reseed(ulong seed)
    {
        _deferred = false;
        _s0 = SeedSequence.Mix(seed);
        _s1 = SeedSequence.Mix(_s0 ^ seed);
        _s2 = SeedSequence.Mix(_s1 + 0x632BE59BD9B4E019UL);
        _s3 = SeedSequence.Mix(_s2 ^ 0x85157AF5UL);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1;
        }
    }

    /// <summary>
    /// Schedules a <see cref="Reseed"/> with <paramref name="seed"/> that happens on the next draw, so a caller
    /// that may not draw at all (a decision without ties or exploration) pays nothing. Observable behaviour is
    /// the same as calling <see cref="Reseed"/> now.
    /// </summary>
    /// <param name="seed">Any 64-bit value.</param>
    public void DeferReseed(ulong seed)
    {
        _deferredSeed = seed;
        _deferred = true;
    }

    /// <summary>Writes the 32-byte state to <paramref name="destination"/> (little-endian).</summary>
    /// <param name="destination">At least 32 bytes.</param>
    public void GetState(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 32, nameof(destination));
        ApplyDeferredSeed();
        BinaryPrimitives.WriteUInt64LittleEndian(destination, _s0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _s1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _s2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _s3);
    }

    /// <summary>Restores a state written by <see cref="GetState"/>.</summary>
    /// <param name="source">Exactly 32 bytes, not all zero.</param>
    /// <exception cref="ArgumentException">The state has the wrong length or is all zero.</exception>
    public void SetState(ReadOnlySpan<byte> source)
    {
        if (source.Length != 32)
        {
            throw new ArgumentException($"The state must be 32 bytes, was {source.Length}.", nameof(source));
        }

        ulong s0 = BinaryPrimitives.ReadUInt64LittleEndian(source);
        ulong s1 = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        ulong s2 = BinaryPrimitives.ReadUInt64LittleEndian(source[16..]);
        ulong s3 = BinaryPrimitives.ReadUInt64LittleEndian(source[24..]);
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("An all-zero state is not valid for xoshiro256**.", nameof(source));
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
        _deferred = false;
    }

    /// <summary>Returns the next 64 random bits.</summary>
    /// <returns>A uniformly distributed 64-bit value.</returns>
    public ulong NextUInt64()
    {
        ApplyDeferredSeed();
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <inheritdoc />
    public override int Next()
    {
        // Random.Next excludes int.MaxValue: 31 random bits, redrawn on the single excluded value.
        while (true)
        {
            int r = (int)(NextUInt64() >> 33);
            if (r != int.MaxValue)
            {
                return r;
            }
        }
    }

    /// <inheritdoc />
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)NextBounded((ulong)maxValue);
    }

    /// <inheritdoc />
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)((long)minValue + (long)NextBounded((ulong)((long)maxValue - minValue)));
    }

    /// <inheritdoc />
    public override long NextInt64()
    {
        while (true)
        {
            long r = (long)(NextUInt64() >> 1);
            if (r != long.MaxValue)
            {
                return r;
            }
        }
    }

    /// <inheritdoc />
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)NextBounded((ulong)maxValue);
    }

    /// <inheritdoc />
    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return unchecked(minValue + (long)NextBounded((ulong)(maxValue - minValue)));
    }

    /// <summary>Returns a double in [0, 1) with 53 random bits.</summary>
    /// <returns>A uniformly distributed value in [0, 1).</returns>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <inheritdoc />
    public override float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1U << 24));

    /// <inheritdoc />
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    /// <inheritdoc />
    public override void NextBytes(Span<byte> buffer)
    {
        while (buffer.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, NextUInt64());
            buffer = buffer[8..];
        }

        if (!buffer.IsEmpty)
        {
            Span<byte> last = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(last, NextUInt64());
            last[..buffer.Length].CopyTo(buffer);
        }
    }

    /// <inheritdoc />
    protected override double Sample() => NextDouble();

    private void ApplyDeferredSeed()
    {
        if (_deferred)
        {
            Reseed(_deferredSeed);
        }
    }

    // Lemire's nearly-divisionless unbiased bounded integer (ACM TOMACS 2019): returns a value in [0, bound).
    private ulong NextBounded(ulong bound)
    {
        if (bound <= 1)
        {
            return 0;
        }

        ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return high;
    }
}
