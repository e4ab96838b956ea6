using System.Numerics;
using RlCommons.Neural.Activations;
using RlCommons.Randomness;

namespace RlCommons.Neural.Tests.Activations;

public sealed class TanhKernelTests
{
    // The documented accuracy (the exhaustive check over [10⁻⁸, 20] found 6 at most).
    private const long MaxUlp = 6;

    [Theory]
    [InlineData(1e-6)]
    [InlineData(0.01)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(10.0)]
    [InlineData(60.0)]
    public void Apply_RandomValues_WithinSixUlpOfCorrectlyRoundedTanh(double range)
    {
        var random = new Xoshiro256Random(11);
        var x = new float[100_003];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(((2 * random.NextDouble()) - 1) * range);
        }

        var y = new float[x.Length];
        TanhKernel.Apply(x, y);

        long worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            worst = Math.Max(worst, UlpDistance(y[i], (float)Math.Tanh(x[i])));
        }

        Assert.InRange(worst, 0, MaxUlp);
    }

    [Fact]
    public void Apply_EveryFloatFromTwoToNine_WithinSixUlp()
    {
        // Where the float evaluation's rounding errors are largest (tanh close to 1), every float is checked.
        int from = BitConverter.SingleToInt32Bits(2f);
        int to = BitConverter.SingleToInt32Bits(9f);
        const int Chunk = 1 << 16;
        var x = new float[Chunk];
        var y = new float[Chunk];
        long worst = 0;
        for (int start = from; start <= to; start += Chunk)
        {
            int count = Math.Min(Chunk, to - start + 1);
            for (int i = 0; i < count; i++)
            {
                x[i] = BitConverter.Int32BitsToSingle(start + i);
            }

            TanhKernel.Apply(x.AsSpan(0, count), y);
            for (int i = 0; i < count; i++)
            {
                worst = Math.Max(worst, UlpDistance(y[i], (float)Math.Tanh(x[i])));
            }
        }

        Assert.InRange(worst, 0, MaxUlp);
    }

    [Fact]
    public void Apply_SpecialValues_FollowTheLimits()
    {
        float[] x = [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 100f, -100f, 1e-40f, -1e-40f, float.MaxValue];
        var y = new float[x.Length];

        TanhKernel.Apply(x, y);

        Assert.Equal(0f, y[0]);
        Assert.False(float.IsNegative(y[0]));
        Assert.Equal(0f, y[1]);
        Assert.True(float.IsNegative(y[1]));
        Assert.Equal(1f, y[2]);
        Assert.Equal(-1f, y[3]);
        Assert.True(float.IsNaN(y[4]));
        Assert.Equal(1f, y[5]);
        Assert.Equal(-1f, y[6]);
        Assert.Equal(1e-40f, y[7]);
        Assert.Equal(-1e-40f, y[8]);
        Assert.Equal(1f, y[9]);
    }

    [Fact]
    public void Apply_NegatedInput_GivesExactlyTheNegatedOutput()
    {
        var random = new Xoshiro256Random(3);
        var x = new float[1000];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(((2 * random.NextDouble()) - 1) * 5);
        }

        float[] negated = [.. x.Select(v => -v)];
        var y = new float[x.Length];
        var z = new float[x.Length];
        TanhKernel.Apply(x, y);
        TanhKernel.Apply(negated, z);

        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(-y[i]), BitConverter.SingleToInt32Bits(z[i]));
        }
    }

    [Fact]
    public void Apply_AnyLengthAndOffset_GivesEachValueTheSameBits()
    {
        var random = new Xoshiro256Random(5);
        int width = Vector<float>.Count;
        var x = new float[(3 * width) + 5];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(((2 * random.NextDouble()) - 1) * 3);
        }

        var whole = new float[x.Length];
        TanhKernel.Apply(x, whole);
        for (int start = 0; start < width; start++)
        {
            for (int length = 1; start + length <= x.Length; length += 3)
            {
                var part = new float[length];
                TanhKernel.Apply(x.AsSpan(start, length), part);
                for (int i = 0; i < length; i++)
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits(whole[start + i]), BitConverter.SingleToInt32Bits(part[i]));
                }
            }
        }
    }

    [Fact]
    public void Apply_InPlace_MatchesOutOfPlace()
    {
        float[] x = [-3f, -0.5f, 0.1f, 0.54f, 0.56f, 1f, 2.5f, 9f, 20f, -7f, 0.3f];
        var expected = new float[x.Length];
        TanhKernel.Apply(x, expected);

        TanhKernel.Apply(x, x);

        Assert.Equal(expected, x);
    }

    [Fact]
    public void Apply_ShortDestination_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => TanhKernel.Apply(new float[4], new float[3]));

        Assert.Equal("y", exception.ParamName);
    }

    private static long UlpDistance(float a, float b)
    {
        // Map the bit patterns onto one ordered integer line (negative floats mirrored) and measure the distance.
        static long Ordered(float v)
        {
            int bits = BitConverter.SingleToInt32Bits(v);
            return bits < 0 ? (long)int.MinValue - bits : bits;
        }

        return Math.Abs(Ordered(a) - Ordered(b));
    }
}
