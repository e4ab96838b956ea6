using System.Buffers.Binary;
using RlCommons.Randomness;

namespace RlCommons.Core.Tests.Randomness;

public class Xoshiro256RandomTests
{
    [Fact]
    public void NextUInt64_State1234_FirstOutputsMatchHandComputedValues()
    {
        // Worked through by hand from the published algorithm: rotl(s1 * 5, 7) * 9 with s1 = 2, 0, 262149.
        Xoshiro256Random random = FromState(1, 2, 3, 4);

        Assert.Equal(11520UL, random.NextUInt64());
        Assert.Equal(0UL, random.NextUInt64());
        Assert.Equal(1509978240UL, random.NextUInt64());
    }

    [Theory]
    [InlineData(1UL, 2UL, 3UL, 4UL)]
    [InlineData(0x0123456789ABCDEFUL, 0xFEDCBA9876543210UL, 0xDEADBEEFCAFEBABEUL, 0x1UL)]
    [InlineData(ulong.MaxValue, 0UL, 0UL, 0UL)]
    public void NextUInt64_ExplicitState_MatchesReferenceImplementation(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        Xoshiro256Random random = FromState(s0, s1, s2, s3);
        var reference = new ReferenceXoshiro256StarStar(s0, s1, s2, s3);

        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(reference.Next(), random.NextUInt64());
        }
    }

    [Fact]
    public void Reseed_ExpandsSeedWithSplitMix64()
    {
        var random = new Xoshiro256Random(0);
        var state = new byte[32];
        random.GetState(state);

        // The documented expansion: s0 = mix(seed), s1 = mix(s0 ^ seed), s2 = mix(s1 + c1), s3 = mix(s2 ^ c2), mix = SplitMix64's step.
        ulong s0 = SplitMix(0), s1 = SplitMix(s0 ^ 0), s2 = SplitMix(s1 + 0x632BE59BD9B4E019UL), s3 = SplitMix(s2 ^ 0x85157AF5UL);
        Assert.Equal(s0, BinaryPrimitives.ReadUInt64LittleEndian(state));
        Assert.Equal(s1, BinaryPrimitives.ReadUInt64LittleEndian(state.AsSpan(8)));
        Assert.Equal(s2, BinaryPrimitives.ReadUInt64LittleEndian(state.AsSpan(16)));
        Assert.Equal(s3, BinaryPrimitives.ReadUInt64LittleEndian(state.AsSpan(24)));

        // SplitMix64 of 0 is a published constant.
        Assert.Equal(0xE220A8397B1DCDAFUL, s0);
    }

    [Fact]
    public void Constructor_SameSeed_SameSequence_DifferentSeed_DifferentSequence()
    {
        var a = new Xoshiro256Random(42);
        var b = new Xoshiro256Random(42);
        var c = new Xoshiro256Random(43);

        ulong[] first = [.. Enumerable.Range(0, 16).Select(_ => a.NextUInt64())];
        ulong[] second = [.. Enumerable.Range(0, 16).Select(_ => b.NextUInt64())];
        ulong[] third = [.. Enumerable.Range(0, 16).Select(_ => c.NextUInt64())];

        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
    }

    [Fact]
    public void GetStateSetState_RoundTrip_ContinuesIdenticalSequence()
    {
        var random = new Xoshiro256Random(123);
        for (int i = 0; i < 17; i++)
        {
            random.NextUInt64();
        }

        var state = new byte[32];
        random.GetState(state);
        ulong[] expected = [.. Enumerable.Range(0, 50).Select(_ => random.NextUInt64())];

        var restored = new Xoshiro256Random(999);
        restored.SetState(state);

        Assert.Equal(expected, Enumerable.Range(0, 50).Select(_ => restored.NextUInt64()));
    }

    [Fact]
    public void GetState_WritesLittleEndianWords()
    {
        Xoshiro256Random random = FromState(0x0102030405060708UL, 2, 3, 4);
        var state = new byte[40];

        random.GetState(state);

        Assert.Equal([0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 2, 0, 0, 0, 0, 0, 0, 0], state[..16]);
        Assert.Equal(new byte[8], state[32..]);
    }

    [Fact]
    public void GetState_ShortDestination_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Xoshiro256Random(1).GetState(new byte[31]));
        Assert.Equal("destination", ex.ParamName);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void SetState_WrongLength_Throws(int length)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Xoshiro256Random(1).SetState(new byte[length]));

        Assert.Equal("source", ex.ParamName);
        Assert.Contains($"was {length}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetState_AllZero_ThrowsAndKeepsState()
    {
        var random = new Xoshiro256Random(5);
        var before = new byte[32];
        random.GetState(before);

        var ex = Assert.Throws<ArgumentException>(() => random.SetState(new byte[32]));

        Assert.Equal("source", ex.ParamName);
        Assert.Contains("all-zero", ex.Message, StringComparison.Ordinal);
        var after = new byte[32];
        random.GetState(after);
        Assert.Equal(before, after);
    }

    [Fact]
    public void Reseed_RestartsTheSeedsSequence()
    {
        var random = new Xoshiro256Random(77);
        ulong[] expected = [.. Enumerable.Range(0, 8).Select(_ => random.NextUInt64())];

        random.Reseed(77);

        Assert.Equal(expected, Enumerable.Range(0, 8).Select(_ => random.NextUInt64()));
    }

    [Fact]
    public void DeferReseed_ThenEveryKindOfDraw_SameAsReseed()
    {
        var eager = new Xoshiro256Random(1);
        var lazy = new Xoshiro256Random(2);
        lazy.NextUInt64();

        eager.Reseed(314);
        lazy.DeferReseed(314);

        Assert.Equal(Draws(eager), Draws(lazy));
    }

    [Fact]
    public void DeferReseed_ThenGetState_SameStateAsReseed()
    {
        var eager = new Xoshiro256Random(1);
        var lazy = new Xoshiro256Random(2);
        eager.Reseed(55);
        lazy.DeferReseed(55);
        byte[] a = new byte[32], b = new byte[32];

        eager.GetState(a);
        lazy.GetState(b);

        Assert.Equal(a, b);
        Assert.Equal(eager.NextUInt64(), lazy.NextUInt64());
    }

    [Fact]
    public void DeferReseed_Twice_LastSeedWins()
    {
        var lazy = new Xoshiro256Random(2);
        lazy.DeferReseed(10);
        lazy.DeferReseed(11);

        Assert.Equal(new Xoshiro256Random(11).NextUInt64(), lazy.NextUInt64());
    }

    [Fact]
    public void DeferReseed_ThenReseed_ReseedWins()
    {
        var random = new Xoshiro256Random(2);
        random.DeferReseed(10);
        random.Reseed(12);

        var fresh = new Xoshiro256Random(12);
        Assert.Equal(Enumerable.Range(0, 4).Select(_ => fresh.NextUInt64()), Enumerable.Range(0, 4).Select(_ => random.NextUInt64()));
    }

    [Fact]
    public void DeferReseed_ThenSetState_SetStateWins()
    {
        var random = new Xoshiro256Random(2);
        random.DeferReseed(10);
        random.SetState(State(1, 2, 3, 4));

        Assert.Equal(11520UL, random.NextUInt64());
    }

    [Fact]
    public void DeferReseed_DrawnTwice_ReseedsOnlyOnce()
    {
        var lazy = new Xoshiro256Random(2);
        lazy.DeferReseed(8);
        var eager = new Xoshiro256Random(8);

        Assert.Equal(eager.NextUInt64(), lazy.NextUInt64());
        Assert.Equal(eager.NextUInt64(), lazy.NextUInt64());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Next_MaxZeroOrOne_ReturnsZero(int max)
    {
        var random = new Xoshiro256Random(3);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(0, random.Next(max));
        }
    }

    [Fact]
    public void Next_NegativeMax_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new Xoshiro256Random(1).Next(-1));

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Next_Max_StaysBelowMax(int max)
    {
        var random = new Xoshiro256Random(17);
        for (int i = 0; i < 2000; i++)
        {
            Assert.InRange(random.Next(max), 0, max - 1);
        }
    }

    [Fact]
    public void Next_Ten_PassesChiSquareUniformity()
    {
        var random = new Xoshiro256Random(2024);
        var counts = new int[10];
        const int n = 100_000;
        for (int i = 0; i < n; i++)
        {
            counts[random.Next(10)]++;
        }

        double expected = n / 10.0;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);

        // 9 degrees of freedom: the 0.999 quantile is 27.88.
        Assert.True(chiSquare < 27.88, $"chi-square {chiSquare:F2} with counts [{string.Join(", ", counts)}].");
    }

    [Fact]
    public void Next_BoundNearTwoToThe31_PassesChiSquareOnThirds()
    {
        // A bound of 3·2^29 would be visibly biased by a plain modulo of 31 bits; Lemire's method is exact.
        const int bound = 3 << 29;
        var random = new Xoshiro256Random(88);
        var counts = new int[3];
        const int n = 60_000;
        for (int i = 0; i < n; i++)
        {
            counts[random.Next(bound) / (1 << 29)]++;
        }

        double expected = n / 3.0;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);

        // 2 degrees of freedom: the 0.999 quantile is 13.82.
        Assert.True(chiSquare < 13.82, $"chi-square {chiSquare:F2} with counts [{string.Join(", ", counts)}].");
    }

    [Fact]
    public void Next_NoArgument_IsNonNegativeAndBelowInt32Max()
    {
        var random = new Xoshiro256Random(6);
        for (int i = 0; i < 1000; i++)
        {
            Assert.InRange(random.Next(), 0, int.MaxValue - 1);
        }
    }

    [Fact]
    public void Next_NoArgument_IsTopThirtyOneBits()
    {
        var reference = new Xoshiro256Random(6);
        var random = new Xoshiro256Random(6);

        Assert.Equal((int)(reference.NextUInt64() >> 33), random.Next());
    }

    [Theory]
    [InlineData(-5, 5)]
    [InlineData(int.MinValue, int.MaxValue)]
    [InlineData(10, 11)]
    [InlineData(3, 3)]
    public void Next_Range_StaysInRange(int min, int max)
    {
        var random = new Xoshiro256Random(19);
        for (int i = 0; i < 2000; i++)
        {
            int value = random.Next(min, max);
            Assert.True(min == max ? value == min : value >= min && value < max, $"{value} outside [{min}, {max}).");
        }
    }

    [Fact]
    public void Next_RangeMinAboveMax_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new Xoshiro256Random(1).Next(5, 4));

    [Theory]
    [InlineData(long.MinValue, long.MaxValue)]
    [InlineData(-3L, 4L)]
    [InlineData(0L, 1L)]
    public void NextInt64_Range_StaysInRange(long min, long max)
    {
        var random = new Xoshiro256Random(23);
        for (int i = 0; i < 2000; i++)
        {
            long value = random.NextInt64(min, max);
            Assert.True(value >= min && value < max, $"{value} outside [{min}, {max}).");
        }
    }

    [Fact]
    public void NextInt64_Max_StaysBelowMax()
    {
        var random = new Xoshiro256Random(29);
        for (int i = 0; i < 2000; i++)
        {
            Assert.InRange(random.NextInt64(1_000_000_000_000L), 0L, 999_999_999_999L);
            Assert.InRange(random.NextInt64(), 0L, long.MaxValue - 1);
        }

        Assert.Equal(0L, random.NextInt64(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt64(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt64(2, 1));
    }

    [Fact]
    public void NextDouble_IsTop53BitsInUnitInterval()
    {
        var reference = new Xoshiro256Random(31);
        var random = new Xoshiro256Random(31);
        for (int i = 0; i < 10_000; i++)
        {
            double value = random.NextDouble();
            Assert.Equal((reference.NextUInt64() >> 11) * Math.Pow(2, -53), value);
            Assert.True(value >= 0.0 && value < 1.0, $"{value} outside [0, 1).");
        }
    }

    [Fact]
    public void NextDouble_AllOnesState_StaysBelowOne()
    {
        // The largest 53-bit value must map strictly below 1.
        Assert.Equal(1.0 - Math.Pow(2, -53), ((1UL << 53) - 1) * Math.Pow(2, -53));
        var random = new Xoshiro256Random(37);
        double max = Enumerable.Range(0, 10_000).Max(_ => random.NextDouble());
        Assert.True(max < 1.0);
        Assert.True(max > 0.999);
    }

    [Fact]
    public void NextSingle_IsInUnitInterval()
    {
        var random = new Xoshiro256Random(41);
        for (int i = 0; i < 10_000; i++)
        {
            float value = random.NextSingle();
            Assert.True(value >= 0f && value < 1f, $"{value} outside [0, 1).");
        }
    }

    [Fact]
    public void NextBytes_WritesLittleEndianOutputsAndATruncatedTail()
    {
        var reference = new Xoshiro256Random(43);
        var random = new Xoshiro256Random(43);
        var buffer = new byte[13];

        random.NextBytes(buffer);

        var expected = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(expected, reference.NextUInt64());
        BinaryPrimitives.WriteUInt64LittleEndian(expected.AsSpan(8), reference.NextUInt64());
        Assert.Equal(expected[..13], buffer);
        Assert.Equal(reference.NextUInt64(), random.NextUInt64());
    }

    [Fact]
    public void NextBytes_NullArray_Throws()
        => Assert.Throws<ArgumentNullException>(() => new Xoshiro256Random(1).NextBytes((byte[])null!));

    [Fact]
    public void Shuffle_FromBaseClass_IsReproducible()
    {
        int[] a = [.. Enumerable.Range(0, 20)];
        int[] b = [.. Enumerable.Range(0, 20)];

        new Xoshiro256Random(47).Shuffle(a);
        new Xoshiro256Random(47).Shuffle(b);

        Assert.Equal(a, b);
        Assert.NotEqual(Enumerable.Range(0, 20), a);
    }

    private static ulong[] Draws(Xoshiro256Random random)
    {
        var bytes = new byte[5];
        random.NextBytes(bytes);
        return
        [
            random.NextUInt64(),
            (ulong)random.Next(),
            (ulong)random.Next(1000),
            (ulong)(random.Next(-50, 50) + 50),
            (ulong)random.NextInt64(),
            BitConverter.DoubleToUInt64Bits(random.NextDouble()),
            BitConverter.SingleToUInt32Bits(random.NextSingle()),
            BitConverter.ToUInt32(bytes) | ((ulong)bytes[4] << 32),
        ];
    }

    private static byte[] State(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        var state = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(state, s0);
        BinaryPrimitives.WriteUInt64LittleEndian(state.AsSpan(8), s1);
        BinaryPrimitives.WriteUInt64LittleEndian(state.AsSpan(16), s2);
        BinaryPrimitives.WriteUInt64LittleEndian(state.AsSpan(24), s3);
        return state;
    }

    private static Xoshiro256Random FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        var random = new Xoshiro256Random(0);
        random.SetState(State(s0, s1, s2, s3));
        return random;
    }

    private static ulong SplitMix(ulong x)
    {
        ulong z = unchecked(x + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>A direct transcription of Blackman and Vigna's published xoshiro256** step, written independently of the library.</summary>
    private sealed class ReferenceXoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        private readonly ulong[] _s = [s0, s1, s2, s3];

        public ulong Next()
        {
            ulong result = unchecked(Rotl(_s[1] * 5, 7) * 9);
            ulong t = _s[1] << 17;
            _s[2] ^= _s[0];
            _s[3] ^= _s[1];
            _s[1] ^= _s[2];
            _s[0] ^= _s[3];
            _s[2] ^= t;
            _s[3] = Rotl(_s[3], 45);
            return result;
        }

        private static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));
    }
}
