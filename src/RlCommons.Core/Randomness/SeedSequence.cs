namespace RlCommons.Randomness;

/// <summary>
/// Derives independent, reproducible seeds from a base seed and a stream number (SplitMix64 finalizer,
/// Steele, Lea &amp; Flood 2014). Agents seed decision <c>n</c> with <c>Derive(baseSeed, n)</c>, so a decision's
/// randomness depends only on the agent's seed and the decision's sequence number, never on thread timing.
/// </summary>
public static class SeedSequence
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>Returns a well-mixed 64-bit seed for <paramref name="stream"/> under <paramref name="baseSeed"/>.</summary>
    /// <param name="baseSeed">The seed of the whole run or agent.</param>
    /// <param name="stream">The stream number (for example a decision's sequence number).</param>
    /// <returns>A seed that differs, with overwhelming probability, for every distinct pair of arguments.</returns>
    public static ulong Derive(ulong baseSeed, ulong stream) => Mix(Mix(baseSeed) + (stream + 1) * Golden);

    /// <summary>Resolves the base seed from an explicit seed, a supplied <see cref="Random"/>, or 0.</summary>
    /// <param name="seed">An explicit seed; wins when set.</param>
    /// <param name="random">A random source to draw the base seed from when <paramref name="seed"/> is not set.</param>
    /// <returns>The base seed.</returns>
    public static ulong Resolve(long? seed, Random? random)
    {
        if (seed is { } s)
        {
            return unchecked((ulong)s);
        }

        return random is null ? 0UL : unchecked((ulong)random.NextInt64(long.MinValue, long.MaxValue));
    }

    internal static ulong Mix(ulong z)
    {
        unchecked
        {
            z += Golden;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
