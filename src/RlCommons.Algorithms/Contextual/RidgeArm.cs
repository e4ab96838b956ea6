using RlCommons.Algorithms.Internal;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Contextual;

/// <summary>
/// One arm's online ridge regression: A = λI + Σ x xᵀ, b = Σ r x, A⁻¹ kept by Sherman–Morrison updates,
/// θ = A⁻¹ b, and optionally the Cholesky factor L of A (for Thompson sampling). Not thread-safe.
/// </summary>
internal sealed class RidgeArm
{
    public RidgeArm(int dimension, double lambda, bool trackCholesky)
    {
        Dimension = dimension;
        A = new double[dimension * dimension];
        AInverse = new double[dimension * dimension];
        B = new double[dimension];
        Theta = new double[dimension];
        CholeskyA = trackCholesky ? new double[dimension * dimension] : null;
        for (int i = 0; i < dimension; i++)
        {
            A[(i * dimension) + i] = lambda;
            AInverse[(i * dimension) + i] = 1.0 / lambda;
            if (CholeskyA is not null)
            {
                CholeskyA[(i * dimension) + i] = Math.Sqrt(lambda);
            }
        }
    }

    private RidgeArm(int dimension, double[] a, double[] aInverse, double[] b, double[] theta, double[]? choleskyA, long updates, int sinceRefresh)
    {
        Dimension = dimension;
        (A, AInverse, B, Theta, CholeskyA, Updates, SinceRefresh) = (a, aInverse, b, theta, choleskyA, updates, sinceRefresh);
    }

    public int Dimension { get; }

    public double[] A { get; }

    public double[] AInverse { get; }

    public double[] B { get; }

    public double[] Theta { get; }

    /// <summary>The lower Cholesky factor of A, when tracked.</summary>
    public double[]? CholeskyA { get; }

    public long Updates { get; private set; }

    public int SinceRefresh { get; private set; }

    /// <summary>
    /// Learns reward <paramref name="r"/> for features <paramref name="x"/> (Li et al. 2010, Algorithm 1, with the
    /// inverse maintained incrementally):
    /// <code>
    /// y = A⁻¹x,  s = 1 + xᵀy
    /// A⁻¹ ← A⁻¹ − y yᵀ / s            (Sherman–Morrison)
    /// θ  ← θ + y (r − xᵀθ) / s         (equals A⁻¹b after b ← b + r x, in O(d))
    /// A  ← A + x xᵀ,  b ← b + r x,  L ← cholupdate(L, x)
    /// </code>
    /// Every <paramref name="refreshInterval"/> updates, A⁻¹, θ (and L) are recomputed from A and b.
    /// </summary>
    public void Learn(ReadOnlySpan<double> x, double r, int refreshInterval, Span<double> y, Span<double> work, Span<double> matrixWork)
    {
        int d = Dimension;
        double s = 1 + DenseKernels.MultiplyAndQuadraticForm(AInverse, x, y, d);
        double error = r - DenseKernels.Dot(x, Theta);
        DenseKernels.AddOuterProduct(AInverse, y, -1.0 / s, d);
        DenseKernels.AddScaled(Theta, y, error / s);
        DenseKernels.AddOuterProduct(A, x, 1.0, d);
        DenseKernels.AddScaled(B, x, r);
        if (CholeskyA is not null)
        {
            x.CopyTo(work);
            DenseKernels.CholeskyRankOneUpdate(CholeskyA, work, d);
        }

        Updates++;
        SinceRefresh++;
        if (refreshInterval > 0 && SinceRefresh >= refreshInterval)
        {
            Refresh(matrixWork, work);
        }
    }

    /// <summary>Recomputes L, A⁻¹ and θ from A and b. Keeps the incremental state if A is numerically not positive definite.</summary>
    public void Refresh(Span<double> matrixWork, Span<double> column)
    {
        int d = Dimension;
        Span<double> l = matrixWork[..(d * d)];
        A.CopyTo(l);
        if (!DenseKernels.Cholesky(l, d))
        {
            return;
        }

        DenseKernels.InverseFromCholesky(l, AInverse, column, d);
        if (CholeskyA is not null)
        {
            l.CopyTo(CholeskyA);
        }

        for (int i = 0; i < d; i++)
        {
            Theta[i] = DenseKernels.Dot(AInverse.AsSpan(i * d, d), B);
        }

        SinceRefresh = 0;
    }

    public void Write(SnapshotWriter writer)
    {
        writer.WriteInt64(Updates);
        writer.WriteInt32(SinceRefresh);
        writer.WriteDoubles(A);
        writer.WriteDoubles(AInverse);
        writer.WriteDoubles(B);
        writer.WriteDoubles(Theta);
        writer.WriteBoolean(CholeskyA is not null);
        if (CholeskyA is not null)
        {
            writer.WriteDoubles(CholeskyA);
        }
    }

    /// <summary>Reads an arm written by <see cref="Write"/>; <paramref name="trackCholesky"/> null accepts either layout.</summary>
    public static RidgeArm Read(SnapshotReader reader, int dimension, bool? trackCholesky)
    {
        long updates = reader.ReadInt64();
        int sinceRefresh = reader.ReadInt32();
        int square = dimension * dimension;
        double[] a = reader.ReadDoubles(square, "A");
        double[] aInverse = reader.ReadDoubles(square, "A⁻¹");
        double[] b = reader.ReadDoubles(dimension, "b");
        double[] theta = reader.ReadDoubles(dimension, "θ");
        bool hasCholesky = reader.ReadBoolean();
        if (trackCholesky is { } track && hasCholesky != track)
        {
            throw new SnapshotException(track ? "The snapshot lacks the Cholesky factors this bandit needs." : "The snapshot has Cholesky factors this bandit does not use.");
        }

        double[]? l = hasCholesky ? reader.ReadDoubles(square, "L") : null;
        if (updates < 0 || sinceRefresh < 0 || !AllFinite(a) || !AllFinite(aInverse) || !AllFinite(b) || !AllFinite(theta) || (l is not null && !AllFinite(l)))
        {
            throw new SnapshotException("An arm's model in the snapshot has negative counts or non-finite values.");
        }

        return new RidgeArm(dimension, a, aInverse, b, theta, l, updates, sinceRefresh);
    }

    /// <summary>
    /// A copy of this arm's statistics A and b for a bandit that does (or does not) track the Cholesky factor, with
    /// A⁻¹, θ and L recomputed from A.
    /// </summary>
    /// <exception cref="SnapshotException">A is numerically not positive definite.</exception>
    public RidgeArm Rebuild(bool trackCholesky)
    {
        int d = Dimension;
        var copy = new RidgeArm(d, (double[])A.Clone(), new double[d * d], (double[])B.Clone(), new double[d], trackCholesky ? new double[d * d] : null, Updates, sinceRefresh: 1);
        copy.Refresh(new double[d * d], new double[d]);
        return copy.SinceRefresh == 0 ? copy : throw new SnapshotException("An arm's matrix A in the snapshot is not positive definite.");
    }

    private static bool AllFinite(double[] values) => Array.TrueForAll(values, double.IsFinite);
}
