using MathNet.Numerics.LinearAlgebra;
using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Internal;

namespace RlCommons.Algorithms.Tests.Internal;

/// <summary>The dense kernels against MathNet on random SPD matrices; odd sizes exercise the SIMD tails.</summary>
public class DenseKernelsTests
{
    public static TheoryData<int> Sizes => [1, 3, 4, 7, 20, 33];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Dot_RandomVectors_MatchesMathNet(int d)
    {
        var rng = new Random(d);
        double[] a = Reference.RandomVector(rng, d);
        double[] b = Reference.RandomVector(rng, d);

        double expected = Vector<double>.Build.DenseOfArray(a).DotProduct(Vector<double>.Build.DenseOfArray(b));

        Assert.Equal(expected, DenseKernels.Dot(a, b), 1e-12);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    [InlineData(8)]
    [InlineData(50)]
    public void SymmetricQuadraticForm_Spd_MatchesMathNet(int d)
    {
        var rng = new Random(300 + d);
        Matrix<double> m = Reference.RandomSpd(rng, d);
        double[] x = Reference.RandomVector(rng, d);

        double q = DenseKernels.SymmetricQuadraticForm(Reference.RowMajor(m), x, d);

        Vector<double> vx = Vector<double>.Build.DenseOfArray(x);
        Assert.Equal(vx * (m * vx), q, 1e-10);
    }

    [Fact]
    public void SymmetricQuadraticForm_UpperTriangle_IsNotRead()
    {
        const int d = 9;
        var rng = new Random(9);
        Matrix<double> m = Reference.RandomSpd(rng, d);
        double[] x = Reference.RandomVector(rng, d);
        double[] rowMajor = Reference.RowMajor(m);
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                rowMajor[(i * d) + j] = double.NaN;
            }
        }

        Vector<double> vx = Vector<double>.Build.DenseOfArray(x);
        Assert.Equal(vx * (m * vx), DenseKernels.SymmetricQuadraticForm(rowMajor, x, d), 1e-10);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MultiplyAndQuadraticForm_Spd_MatchesMathNet(int d)
    {
        var rng = new Random(100 + d);
        Matrix<double> m = Reference.RandomSpd(rng, d);
        double[] x = Reference.RandomVector(rng, d);
        var y = new double[d];

        double q = DenseKernels.MultiplyAndQuadraticForm(Reference.RowMajor(m), x, y, d);

        Vector<double> vx = Vector<double>.Build.DenseOfArray(x);
        Reference.AssertClose((m * vx).ToArray(), y, 1e-12);
        Assert.Equal(vx * (m * vx), q, 1e-10);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void AddOuterProductAndAddScaled_MatchMathNet(int d)
    {
        var rng = new Random(200 + d);
        Matrix<double> m = Reference.RandomSpd(rng, d);
        double[] u = Reference.RandomVector(rng, d);
        double[] a = Reference.RowMajor(m);
        double[] y = Reference.RandomVector(rng, d);
        double[] yExpected = [.. y.Select((v, i) => v + (-0.75 * u[i]))];

        DenseKernels.AddOuterProduct(a, u, 0.5, d);
        DenseKernels.AddScaled(y, u, -0.75);

        Vector<double> vu = Vector<double>.Build.DenseOfArray(u);
        Reference.AssertClose(Reference.RowMajor(m + (vu.OuterProduct(vu) * 0.5)), a, 1e-14);
        Reference.AssertClose(yExpected, y, 1e-15);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Cholesky_Spd_MatchesMathNetFactorAndZeroesUpperTriangle(int d)
    {
        var rng = new Random(300 + d);
        Matrix<double> m = Reference.RandomSpd(rng, d);
        double[] a = Reference.RowMajor(m);

        Assert.True(DenseKernels.Cholesky(a, d));

        Reference.AssertClose(Reference.RowMajor(m.Cholesky().Factor), a, 1e-12);
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                Assert.Equal(0.0, a[(i * d) + j]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Cholesky_NotPositiveDefinite_ReturnsFalse(int d)
    {
        double[] a = Reference.RowMajor(Matrix<double>.Build.DenseIdentity(d) * -1);
        Assert.False(DenseKernels.Cholesky(a, d));

        // A singular matrix (all ones) has a zero pivot after the first column for d > 1.
        double[] ones = [.. Enumerable.Repeat(1.0, d * d)];
        Assert.Equal(d == 1, DenseKernels.Cholesky(ones, d));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void InverseFromCholesky_Spd_MatchesMathNetInverse(int d)
    {
        var rng = new Random(400 + d);
        Matrix<double> m = Reference.RandomSpd(rng, d);
        double[] l = Reference.RowMajor(m.Cholesky().Factor);
        var inverse = new double[d * d];
        var column = new double[d];

        DenseKernels.InverseFromCholesky(l, inverse, column, d);

        Reference.AssertClose(Reference.RowMajor(m.Inverse()), inverse, 1e-10);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void SolveLowerAndTransposed_Spd_MatchMathNetSolve(int d)
    {
        var rng = new Random(500 + d);
        Matrix<double> lower = Reference.RandomSpd(rng, d).Cholesky().Factor;
        double[] l = Reference.RowMajor(lower);
        double[] b = Reference.RandomVector(rng, d);
        Vector<double> vb = Vector<double>.Build.DenseOfArray(b);

        double[] forward = (double[])b.Clone();
        DenseKernels.SolveLower(l, forward, d);
        double[] backward = (double[])b.Clone();
        DenseKernels.SolveLowerTransposed(l, backward, d);

        Reference.AssertClose(lower.Solve(vb).ToArray(), forward, 1e-11);
        Reference.AssertClose(lower.Transpose().Solve(vb).ToArray(), backward, 1e-11);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void CholeskyRankOneUpdate_Spd_EqualsFactorOfUpdatedMatrix(int d)
    {
        var rng = new Random(600 + d);
        Matrix<double> m = Reference.RandomSpd(rng, d);
        double[] l = Reference.RowMajor(m.Cholesky().Factor);
        for (int k = 0; k < 5; k++)
        {
            double[] x = Reference.RandomVector(rng, d);
            Vector<double> vx = Vector<double>.Build.DenseOfArray(x);
            m += vx.OuterProduct(vx);

            DenseKernels.CholeskyRankOneUpdate(l, x, d);
        }

        Reference.AssertClose(Reference.RowMajor(m.Cholesky().Factor), l, 1e-10);
    }
}
