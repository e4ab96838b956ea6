namespace RlCommons.Randomness;

/// <summary>
/// The seeds <see cref="SeedSequence.Derive"/> gives for one base seed, with the base's mixing done once:
/// <c>new SeedSource(b).SeedFor(n) == SeedSequence.Derive(b, n)</c>. Immutable.
/// </summary>
public readonly struct SeedSource
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    // SeedSequence.Mix(0): the field stores Mix(base) ^ MixedZero so that default(SeedSource) behaves as base 0.
    private const ulong MixedZero = 0xE220A8397B1DCDAFUL;
    private readonly ulong _mixedBase;

    /// <summary>Creates the stream of seeds for <paramref name="baseSeed"/>.</summary>
    /// <param name="baseSeed">The seed of the whole run or agent.</param>
    public SeedSource(ulong baseSeed)
    {
        BaseSeed = baseSeed;
        _mixedBase = SeedSequence.Mix(baseSeed) ^ MixedZero;
    }

    /// <summary>The base seed.</summary>
    public ulong BaseSeed { get; }

    /// <summary>Returns the seed of stream <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream number (for example a decision's sequence number).</param>
    /// <returns>The same value as <c>SeedSequence.Derive(BaseSeed, stream)</c>.</returns>
    public ulong SeedFor(ulong stream) => SeedSequence.Mix(unchecked((_mixedBase ^ MixedZero) + ((stream + 1) * Golden)));
}
