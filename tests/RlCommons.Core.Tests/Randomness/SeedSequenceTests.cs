using RlCommons.Randomness;

namespace RlCommons.Core.Tests.Randomness;

public class SeedSequenceTests
{
    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 2UL)]
    [InlineData(ulong.MaxValue, ulong.MaxValue)]
    [InlineData(0xDEADBEEFUL, 12345UL)]
    public void Derive_EqualsSeedSourceSeedFor(ulong baseSeed, ulong stream)
        => Assert.Equal(SeedSequence.Derive(baseSeed, stream), new SeedSource(baseSeed).SeedFor(stream));

    [Fact]
    public void Derive_IsSplitMixOfMixedBasePlusWeylStep()
    {
        // Documented construction: mix(mix(base) + (stream + 1) · golden), mix being SplitMix64's finalizer after adding golden.
        const ulong golden = 0x9E3779B97F4A7C15UL;
        ulong expected = SplitMix(unchecked(SplitMix(7) + (4 * golden)));

        Assert.Equal(expected, SeedSequence.Derive(7, 3));
    }

    [Fact]
    public void Derive_DistinctStreams_GiveDistinctSeeds()
    {
        var seeds = new HashSet<ulong>();
        for (ulong stream = 0; stream < 10_000; stream++)
        {
            Assert.True(seeds.Add(SeedSequence.Derive(42, stream)), $"stream {stream} repeats a seed.");
        }
    }

    [Fact]
    public void Derive_DistinctBases_GiveDistinctSeeds()
    {
        var seeds = new HashSet<ulong>();
        for (ulong baseSeed = 0; baseSeed < 10_000; baseSeed++)
        {
            Assert.True(seeds.Add(SeedSequence.Derive(baseSeed, 0)), $"base {baseSeed} repeats a seed.");
        }
    }

    [Fact]
    public void Derive_SwappedArguments_Differ()
        => Assert.NotEqual(SeedSequence.Derive(1, 2), SeedSequence.Derive(2, 1));

    [Fact]
    public void Resolve_SeedSet_WinsOverRandom()
        => Assert.Equal(5UL, SeedSequence.Resolve(5, new Random(1)));

    [Fact]
    public void Resolve_NegativeSeed_KeepsItsBits()
        => Assert.Equal(ulong.MaxValue, SeedSequence.Resolve(-1, null));

    [Fact]
    public void Resolve_NoSeed_DrawsOnceFromRandom()
    {
        var reference = new Xoshiro256Random(9);
        long expected = reference.NextInt64(long.MinValue, long.MaxValue);
        var random = new Xoshiro256Random(9);

        Assert.Equal(unchecked((ulong)expected), SeedSequence.Resolve(null, random));
        Assert.Equal(reference.NextUInt64(), random.NextUInt64());
    }

    [Fact]
    public void Resolve_NoSeedNoRandom_IsZero()
        => Assert.Equal(0UL, SeedSequence.Resolve(null, null));

    [Fact]
    public void SeedSource_KeepsBaseSeed()
        => Assert.Equal(77UL, new SeedSource(77).BaseSeed);

    [Fact]
    public void SeedSource_DefaultValue_MatchesBaseZero()
    {
        // A default(SeedSource) (an unassigned field) reports BaseSeed 0, so it must give base 0's seeds.
        SeedSource source = default;

        Assert.Equal(0UL, source.BaseSeed);
        Assert.Equal(SeedSequence.Derive(0, 5), source.SeedFor(5));
    }

    private static ulong SplitMix(ulong x)
    {
        ulong z = unchecked(x + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
