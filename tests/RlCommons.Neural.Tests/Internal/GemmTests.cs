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

    [Fact]
    public void Multiply_ShortSpan_Throws()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[3], new float[4], new float[4], 2, 2, 2, false));
    }
}
