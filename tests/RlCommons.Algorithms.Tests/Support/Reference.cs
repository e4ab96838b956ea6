using MathNet.Numerics.LinearAlgebra;

namespace RlCommons.Algorithms.Tests.Support;

/// <summary>Reference computations with MathNet, the independent implementation the kernels are checked against.</summary>
internal static class Reference
{
    public static Matrix<double> Matrix(ReadOnlySpan<double> rowMajor, int d)
        => Matrix<double>.Build.DenseOfRowMajor(d, d, rowMajor.ToArray());

    public static double[] RowMajor(Matrix<double> m)
    {
        var result = new double[m.RowCount * m.ColumnCount];
        for (int i = 0; i < m.RowCount; i++)
        {
            for (int j = 0; j < m.ColumnCount; j++)
            {
                result[(i * m.ColumnCount) + j] = m[i, j];
            }
        }

        return result;
    }

    /// <summary>A = λI + XᵀX and b = Xᵀr for the rows fed to one arm.</summary>
    public static (Matrix<double> A, Vector<double> B) Ridge(IReadOnlyList<float[]> rows, IReadOnlyList<double> rewards, int d, double lambda)
    {
        Matrix<double> a = Matrix<double>.Build.DenseIdentity(d) * lambda;
        Vector<double> b = Vector<double>.Build.Dense(d);
        for (int n = 0; n < rows.Count; n++)
        {
            Vector<double> x = Vector<double>.Build.Dense(rows[n].Length, i => rows[n][i]);
            a += x.OuterProduct(x);
            b += x * rewards[n];
        }

        return (a, b);
    }

    /// <summary>A random symmetric positive-definite matrix MᵀM + d·I.</summary>
    public static Matrix<double> RandomSpd(Random rng, int d)
    {
        Matrix<double> m = Matrix<double>.Build.Dense(d, d, (_, _) => (rng.NextDouble() * 2) - 1);
        return (m.TransposeThisAndMultiply(m)) + (Matrix<double>.Build.DenseIdentity(d) * d * 0.1);
    }

    public static double[] RandomVector(Random rng, int d) => [.. Enumerable.Range(0, d).Select(_ => (rng.NextDouble() * 2) - 1)];

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double scale = Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"Entry {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance}).");
        }
    }
}
