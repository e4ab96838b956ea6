using MathNet.Numerics.LinearAlgebra;
using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Contextual;
using RlCommons.Algorithms.Internal;

namespace RlCommons.Algorithms.Tests.Contextual;

/// <summary>The online ridge regression behind the linear bandits, against MathNet's direct solution.</summary>
public class RidgeArmTests
{
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(4, 1.0)]
    [InlineData(7, 0.25)]
    public void Learn_SeveralUpdates_ThetaAndInverseEqualDirectRidgeSolution(int d, double lambda)
    {
        var rng = new Random(d);
        var arm = new RidgeArm(d, lambda, trackCholesky: true);
        var rows = new List<float[]>();
        var rewards = new List<double>();
        for (int n = 0; n < 25; n++)
        {
            float[] x = [.. Enumerable.Range(0, d).Select(_ => (float)((rng.NextDouble() * 2) - 1))];
            double r = rng.NextDouble();
            rows.Add(x);
            rewards.Add(r);
            Learn(arm, x, r, refreshInterval: 0);
        }

        (Matrix<double> a, Vector<double> b) = Reference.Ridge(rows, rewards, d, lambda);
        Matrix<double> inverse = a.Inverse();

        Reference.AssertClose(Reference.RowMajor(a), arm.A, 1e-12);
        Reference.AssertClose(b.ToArray(), arm.B, 1e-12);
        Reference.AssertClose(Reference.RowMajor(inverse), arm.AInverse, 1e-9);
        Reference.AssertClose((inverse * b).ToArray(), arm.Theta, 1e-9);
        Reference.AssertClose(Reference.RowMajor(a.Cholesky().Factor), arm.CholeskyA, 1e-9);
        Assert.Equal(25, arm.Updates);
    }

    [Fact]
    public void Learn_HundredThousandUpdatesWithRefresh_InverseTimesAStaysIdentity()
    {
        const int d = 4;
        var rng = new Random(5);
        var refreshed = new RidgeArm(d, 1.0, trackCholesky: true);
        for (int n = 0; n < 100_000; n++)
        {
            // Strongly correlated features make the rank-one updates accumulate rounding error.
            float[] x = Correlated(rng);
            Learn(refreshed, x, rng.NextDouble(), refreshInterval: 1000);
        }

        Assert.Equal(0, refreshed.SinceRefresh);
        Matrix<double> a = Reference.Matrix(refreshed.A, d);
        Matrix<double> product = Reference.Matrix(refreshed.AInverse, d) * a;
        Assert.True((product - Matrix<double>.Build.DenseIdentity(d)).InfinityNorm() < 1e-9, $"‖A⁻¹A − I‖ = {(product - Matrix<double>.Build.DenseIdentity(d)).InfinityNorm()}");
        Reference.AssertClose(Reference.RowMajor(a.Cholesky().Factor), refreshed.CholeskyA, 1e-9);
        Reference.AssertClose((a.Inverse() * Vector<double>.Build.DenseOfArray(refreshed.B)).ToArray(), refreshed.Theta, 1e-7);
    }

    [Fact]
    public void Learn_AtRefreshInterval_RecomputesInverseAndThetaFromAAndB()
    {
        const int d = 4;
        var rng = new Random(6);
        var arm = new RidgeArm(d, 1.0, trackCholesky: false);
        for (int n = 0; n < 999; n++)
        {
            Learn(arm, Correlated(rng), rng.NextDouble(), refreshInterval: 1000);
        }

        Assert.Equal(999, arm.SinceRefresh);
        float[] last = Correlated(rng);
        Learn(arm, last, 0.5, refreshInterval: 1000);

        // The refresh replaced the incremental state by the exact one: A⁻¹ from the Cholesky factor of A, θ = A⁻¹b.
        double[] l = (double[])arm.A.Clone();
        Assert.True(DenseKernels.Cholesky(l, d));
        var expectedInverse = new double[d * d];
        DenseKernels.InverseFromCholesky(l, expectedInverse, new double[d], d);
        Assert.Equal(0, arm.SinceRefresh);
        Assert.Equal(expectedInverse, arm.AInverse);
        Assert.Equal(Enumerable.Range(0, d).Select(i => DenseKernels.Dot(expectedInverse.AsSpan(i * d, d), arm.B)), arm.Theta);
    }

    [Fact]
    public void Refresh_AfterDriftWithoutRefresh_ResetsDrift()
    {
        const int d = 4;
        var rng = new Random(7);
        var arm = new RidgeArm(d, 1e-3, trackCholesky: true);
        for (int n = 0; n < 100_000; n++)
        {
            Learn(arm, Correlated(rng), rng.NextDouble(), refreshInterval: 0);
        }

        Assert.Equal(100_000, arm.SinceRefresh);
        double driftBefore = Drift(arm);
        arm.Refresh(new double[d * d], new double[d]);
        double driftAfter = Drift(arm);

        // A is ill-conditioned here, so even an exact inverse shows ‖A⁻¹A − I‖ ≈ κ·ε: compare with MathNet's own.
        Matrix<double> exact = Reference.Matrix(arm.A, d).Inverse();
        double referenceDrift = (exact * Reference.Matrix(arm.A, d) - Matrix<double>.Build.DenseIdentity(d)).InfinityNorm();
        Assert.Equal(0, arm.SinceRefresh);
        Assert.True(driftAfter <= driftBefore, $"drift {driftBefore} → {driftAfter}");
        Assert.True(driftAfter <= (10 * referenceDrift) + 1e-12, $"drift after refresh {driftAfter}, MathNet's inverse {referenceDrift}");
        Reference.AssertClose(Reference.RowMajor(Reference.Matrix(arm.A, d).Cholesky().Factor), arm.CholeskyA, 1e-10);
    }

    private static float[] Correlated(Random rng)
    {
        float u = (float)rng.NextDouble();
        return [u, u + (float)(rng.NextDouble() * 1e-3), (float)rng.NextDouble(), 1f];
    }

    private static double Drift(RidgeArm arm)
    {
        Matrix<double> product = Reference.Matrix(arm.AInverse, arm.Dimension) * Reference.Matrix(arm.A, arm.Dimension);
        return (product - Matrix<double>.Build.DenseIdentity(arm.Dimension)).InfinityNorm();
    }

    private static void Learn(RidgeArm arm, float[] x, double r, int refreshInterval)
    {
        int d = arm.Dimension;
        arm.Learn([.. x.Select(v => (double)v)], r, refreshInterval, new double[d], new double[d], new double[d * d]);
    }
}
