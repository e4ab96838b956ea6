using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using RlCommons.Neural.Internal;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;

namespace RlCommons.Neural.Tests.Internal;

public sealed class GemmTests
{
    // Shapes that hit the 4×2-vector block, the 4×1 block, the scalar column tail and the leftover rows.
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 2)]
    [InlineData(4, 7, 8)]
    [InlineData(5, 9, 19)]
    [InlineData(9, 64, 33)]
    [InlineData(64, 4, 64)]
    [InlineData(66, 65, 2)]
    public void Multiply_RandomMatrices_MatchesDoubleReference(int m, int k, int n)
    {
        var random = new Xoshiro256Random((ulong)((m * 10000) + (k * 100) + n));
        float[] a = GradientCheck.RandomValues(random, m * k);
        float[] b = GradientCheck.RandomValues(random, k * n);
        float[] c = GradientCheck.RandomValues(random, m * n);
        float[] initial = (float[])c.Clone();

        Gemm.Multiply(a, b, c, m, k, n, accumulate: true);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = initial[(i * n) + j];
                for (int p = 0; p < k; p++)
                {
                    expected += (double)a[(i * k) + p] * b[(p * n) + j];
                }

                Assert.Equal(expected, c[(i * n) + j], 1e-4);
            }
        }
    }

    // Rows shorter than a vector, the 4-row block with and without a scalar tail, and leftover rows.
    [Theory]
    [InlineData(1, 1)]
    [InlineData(64, 4)]
    [InlineData(4, 8)]
    [InlineData(7, 13)]
    [InlineData(64, 64)]
    [InlineData(10, 64)]
    [InlineData(2, 256)]
    public void MultiplyVector_RandomMatrix_MatchesDoubleReference(int n, int k)
    {
        var random = new Xoshiro256Random((ulong)((n * 1000) + k + 11));
        float[] w = GradientCheck.RandomValues(random, n * k);
        float[] x = GradientCheck.RandomValues(random, k);
        var y = new float[n + 1];
        y[n] = 42f;

        Gemm.MultiplyVector(ref w[0], ref x[0], ref y[0], n, k);

        for (int o = 0; o < n; o++)
        {
            double expected = 0;
            for (int p = 0; p < k; p++)
            {
                expected += (double)w[(o * k) + p] * x[p];
            }

            Assert.Equal(expected, y[o], 1e-4);
        }

        Assert.Equal(42f, y[n]);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 2)]
    [InlineData(4, 8, 3)]
    [InlineData(5, 9, 19)]
    [InlineData(9, 64, 33)]
    [InlineData(66, 65, 2)]
    [InlineData(64, 256, 256)]
    public void MultiplyTransposedB_RandomMatrices_MatchesDoubleReference(int m, int k, int n)
    {
        var random = new Xoshiro256Random((ulong)((m * 10000) + (k * 100) + n + 7));
        float[] a = GradientCheck.RandomValues(random, m * k);
        float[] b = GradientCheck.RandomValues(random, n * k);
        float[] c = GradientCheck.RandomValues(random, m * n);
        float[] initial = (float[])c.Clone();

        Gemm.MultiplyTransposedB(a, b, c, m, k, n, accumulate: true);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = initial[(i * n) + j];
                for (int p = 0; p < k; p++)
                {
                    expected += (double)a[(i * k) + p] * b[(j * k) + p];
                }

                Assert.Equal(expected, c[(i * n) + j], 1e-3);
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 2)]
    [InlineData(5, 9, 19)]
    [InlineData(33, 64, 17)]
    [InlineData(256, 64, 256)]
    public void MultiplyTransposedA_RandomMatrices_MatchesDoubleReference(int m, int k, int n)
    {
        var random = new Xoshiro256Random((ulong)((m * 10000) + (k * 100) + n + 11));
        float[] a = GradientCheck.RandomValues(random, k * m);
        float[] b = GradientCheck.RandomValues(random, k * n);
        var c = new float[m * n];

        Gemm.MultiplyTransposedA(a, b, c, m, k, n, accumulate: false);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = 0;
                for (int p = 0; p < k; p++)
                {
                    expected += (double)a[(p * m) + i] * b[(p * n) + j];
                }

                Assert.Equal(expected, c[(i * n) + j], 1e-3);
            }
        }
    }

    // Large products split their rows between two threads; the split must not change a single bit.
    [Theory]
    [InlineData(0, 66, 256, 256)]
    [InlineData(1, 258, 64, 256)]
    [InlineData(2, 64, 256, 255)]
    public void Multiply_LargeProducts_EqualSingleThreadedBitForBit(int kindIndex, int m, int k, int n)
    {
        var kind = (GemmKind)kindIndex;
        Assert.True((long)m * k * n >= Gemm.ParallelThreshold);
        var random = new Xoshiro256Random(99);
        float[] a = GradientCheck.RandomValues(random, m * k);
        float[] b = GradientCheck.RandomValues(random, k * n);
        var split = new float[m * n];
        var serial = new float[m * n];

        switch (kind)
        {
            case GemmKind.Plain:
                Gemm.Multiply(a, b, split, m, k, n, accumulate: false);
                break;
            case GemmKind.TransposedA:
                Gemm.MultiplyTransposedA(a, b, split, m, k, n, accumulate: false);
                break;
            default:
                Gemm.MultiplyTransposedB(a, b, split, m, k, n, accumulate: false);
                break;
        }

        Gemm.Rows(kind, ref a[0], ref b[0], ref serial[0], ref Unsafe.NullRef<float>(), m, k, n, false, 0, m);
        Assert.Equal(serial, split);
    }

    // The bias variants start every row's sums from the bias instead of a copy of it in C: the same bits, on shapes
    // with every block width, the scalar column tail, leftover rows, and products large enough to split.
    [Theory]
    [InlineData(0, 3, 5, 2)]
    [InlineData(0, 5, 9, 19)]
    [InlineData(0, 9, 64, 33)]
    [InlineData(0, 64, 8, 64)]
    [InlineData(0, 66, 256, 256)]
    [InlineData(1, 3, 5, 2)]
    [InlineData(1, 9, 64, 33)]
    [InlineData(1, 66, 256, 256)]
    public void MultiplyAddBias_EqualsBiasCopiedThenAccumulatedBitForBit(int kindIndex, int m, int k, int n)
    {
        var random = new Xoshiro256Random((ulong)((kindIndex * 1000000) + (m * 10000) + (k * 100) + n));
        float[] a = GradientCheck.RandomValues(random, m * k);
        float[] b = GradientCheck.RandomValues(random, k * n);
        float[] bias = GradientCheck.RandomValues(random, n);
        var expected = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            bias.CopyTo(expected, i * n);
        }

        float[] actual = GradientCheck.RandomValues(random, m * n);
        if (kindIndex == 0)
        {
            Gemm.Multiply(a, b, expected, m, k, n, accumulate: true);
            Gemm.MultiplyAddBias(a, b, bias, actual, m, k, n);
        }
        else
        {
            Gemm.MultiplyTransposedB(a, b, expected, m, k, n, accumulate: true);
            Gemm.MultiplyTransposedBAddBias(a, b, bias, actual, m, k, n);
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void MultiplyAddBias_ShortBias_Throws()
    {
        float[] a = new float[6], b = new float[6], c = new float[4];

        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddBias(a, b, new float[1], c, 2, 3, 2));
    }

    // Leftover rows (m not a multiple of four) go through the register-kept scaled-row sum: the bits of adding one
    // scaled B row at a time with TensorPrimitives.MultiplyAdd, zero scales skipped (so 0·∞ never appears).
    [Theory]
    [InlineData(1, 7, 5)]
    [InlineData(5, 64, 64)]
    [InlineData(3, 9, 41)]
    [InlineData(6, 33, 8)]
    public void Multiply_LeftoverRows_EqualRowByRowScaledSumsBitForBit(int m, int k, int n)
    {
        var random = new Xoshiro256Random((ulong)((m * 10000) + (k * 100) + n + 3));
        float[] a = GradientCheck.RandomValues(random, m * k);
        float[] b = GradientCheck.RandomValues(random, k * n);
        a[^1] = 0f;
        b[^1] = float.PositiveInfinity;
        float[] c = GradientCheck.RandomValues(random, m * n);
        float[] expected = (float[])c.Clone();
        for (int i = 0; i < m; i++)
        {
            Span<float> row = expected.AsSpan(i * n, n);
            for (int p = 0; p < k; p++)
            {
                float scale = a[(i * k) + p];
                if (scale != 0f)
                {
                    TensorPrimitives.MultiplyAdd(b.AsSpan(p * n, n), scale, row, row);
                }
            }
        }

        Gemm.Multiply(a, b, c, m, k, n, accumulate: true);

        int firstLeftover = m & ~3;
        Assert.Equal(expected.AsSpan(firstLeftover * n).ToArray(), c.AsSpan(firstLeftover * n).ToArray());
        Assert.All(c, value => Assert.False(float.IsNaN(value)));
    }

    // The batched narrow-layer kernel gives every row the bits of a one-row matrix-vector product plus the bias.
    [Theory]
    [InlineData(1, 5, 64)]
    [InlineData(64, 5, 64)]
    [InlineData(7, 2, 64)]
    [InlineData(9, 7, 13)]
    [InlineData(4, 3, 5)]
    [InlineData(3, 12, 256)]
    public void MultiplyRowsAddBias_EqualsOneRowAtATimeBitForBit(int rows, int n, int k)
    {
        var random = new Xoshiro256Random((ulong)((rows * 10000) + (n * 1000) + k));
        float[] w = GradientCheck.RandomValues(random, n * k);
        float[] x = GradientCheck.RandomValues(random, rows * k);
        float[] bias = GradientCheck.RandomValues(random, n);
        var expected = new float[rows * n];
        for (int r = 0; r < rows; r++)
        {
            Gemm.MultiplyVector(ref w[0], ref x[r * k], ref expected[r * n], n, k);
            TensorPrimitives.Add(expected.AsSpan(r * n, n), bias, expected.AsSpan(r * n, n));
        }

        var actual = new float[(rows * n) + 1];
        actual[^1] = 42f;

        Gemm.MultiplyRowsAddBias(ref w[0], ref x[0], ref bias[0], ref actual[0], rows, n, k);

        Assert.Equal(expected, actual.AsSpan(0, rows * n).ToArray());
        Assert.Equal(42f, actual[^1]);
    }

    [Fact]
    public void Multiply_ConcurrentCallers_AllGetCorrectResults()
    {
        const int m = 64, k = 256, n = 128;
        var random = new Xoshiro256Random(5);
        float[] a = GradientCheck.RandomValues(random, m * k);
        float[] b = GradientCheck.RandomValues(random, k * n);
        var expected = new float[m * n];
        Gemm.Rows(GemmKind.Plain, ref a[0], ref b[0], ref expected[0], ref Unsafe.NullRef<float>(), m, k, n, false, 0, m);

        // Four threads compete for the one worker; whoever loses computes alone, and every result is the same.
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var c = new float[m * n];
            for (int repeat = 0; repeat < 20; repeat++)
            {
                Gemm.Multiply(a, b, c, m, k, n, accumulate: false);
                Assert.Equal(expected, c);
            }
        });
    }

    [Fact]
    public void Multiply_Overwrite_IgnoresPreviousContent()
    {
        float[] c = [100f, 100f, 100f, 100f];

        Gemm.Multiply([1f, 2f, 3f, 4f], [5f, 6f, 7f, 8f], c, 2, 2, 2, accumulate: false);

        Assert.Equal([19f, 22f, 43f, 50f], c);
    }

    [Fact]
    public void Transpose_TwoByThree_SwapsIndices()
    {
        var t = new float[6];

        Gemm.Transpose([1f, 2f, 3f, 4f, 5f, 6f], t, 2, 3);

        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], t);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 8)]
    [InlineData(64, 64)]
    [InlineData(9, 17)]
    [InlineData(13, 8)]
    [InlineData(8, 13)]
    [InlineData(24, 5)]
    [InlineData(5, 24)]
    [InlineData(70, 33)]
    public void Transpose_BlocksAndEdges_MovesEveryElement(int rows, int cols)
    {
        // Distinct values, so any misplaced element shows; shapes cover whole 8 × 8 blocks and every kind of edge.
        float[] source = [.. Enumerable.Range(0, rows * cols).Select(i => (float)i)];
        var destination = new float[rows * cols];

        Gemm.Transpose(source, destination, rows, cols);

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                Assert.Equal(source[(r * cols) + c], destination[(c * rows) + r]);
            }
        }
    }

    [Fact]
    public void Multiply_ShortSpan_Throws()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[3], new float[4], new float[4], 2, 2, 2, false));
    }
}
