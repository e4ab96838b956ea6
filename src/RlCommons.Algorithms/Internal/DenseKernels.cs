using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RlCommons.Algorithms.Internal;

/// <summary>
/// Small dense linear algebra on row-major <c>d×d</c> double matrices held in spans, allocation-free and
/// SIMD where it pays (<see cref="Vector{T}"/>). Sized for the feature dimensions of linear bandits
/// (tens to a few hundred); MathNet is the reference the tests check these against.
/// </summary>
internal static class DenseKernels
{
    /// <summary>y = A x for a d×d matrix; returns xᵀ y (the quadratic form xᵀAx).</summary>
    /// <remarks>
    /// Every yᵢ is summed exactly as <see cref="Dot"/> sums row i with x, so the result is bit-identical to d
    /// separate <see cref="Dot"/> calls; but four rows share one pass, whose four independent FMA chains hide
    /// the FMA latency that bounds a single short dot product (about 3× faster at d = 20).
    /// </remarks>
    public static double MultiplyAndQuadraticForm(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> y, int d)
    {
        // The loads below are unchecked: check the extents once.
        if (a.Length < d * d || x.Length < d || y.Length < d)
        {
            throw new ArgumentException($"A {d}×{d} product needs {d * d} matrix and {d} vector entries.", nameof(a));
        }

        int i = 0;
        int width = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated && d >= width)
        {
            ref double ra = ref MemoryMarshal.GetReference(a);
            ref double rx = ref MemoryMarshal.GetReference(x);
            nuint n = (nuint)d;
            nuint vectorEnd = n - (n % (nuint)width);
            for (; i + 4 <= d; i += 4)
            {
                nuint r0 = (nuint)i * n;
                nuint r1 = r0 + n;
                nuint r2 = r1 + n;
                nuint r3 = r2 + n;
                Vector<double> acc0 = Vector<double>.Zero;
                Vector<double> acc1 = Vector<double>.Zero;
                Vector<double> acc2 = Vector<double>.Zero;
                Vector<double> acc3 = Vector<double>.Zero;
                for (nuint k = 0; k < vectorEnd; k += (nuint)width)
                {
                    Vector<double> vx = Vector.LoadUnsafe(ref rx, k);
                    acc0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref ra, r0 + k), vx, acc0);
                    acc1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref ra, r1 + k), vx, acc1);
                    acc2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref ra, r2 + k), vx, acc2);
                    acc3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref ra, r3 + k), vx, acc3);
                }

                double y0 = Vector.Sum(acc0);
                double y1 = Vector.Sum(acc1);
                double y2 = Vector.Sum(acc2);
                double y3 = Vector.Sum(acc3);
                for (nuint k = vectorEnd; k < n; k++)
                {
                    double xk = Unsafe.Add(ref rx, k);
                    y0 += Unsafe.Add(ref ra, r0 + k) * xk;
                    y1 += Unsafe.Add(ref ra, r1 + k) * xk;
                    y2 += Unsafe.Add(ref ra, r2 + k) * xk;
                    y3 += Unsafe.Add(ref ra, r3 + k) * xk;
                }

                y[i] = y0;
                y[i + 1] = y1;
                y[i + 2] = y2;
                y[i + 3] = y3;
            }
        }

        for (; i < d; i++)
        {
            y[i] = Dot(a.Slice(i * d, d), x);
        }

        // Summed in row order, as before the rows were blocked.
        double quadratic = 0;
        for (int k = 0; k < d; k++)
        {
            quadratic += x[k] * y[k];
        }

        return quadratic;
    }

    /// <summary>
    /// Returns xᵀMx for a symmetric d×d matrix M, reading only its lower triangle and diagonal:
    /// <c>Σᵢ Mᵢᵢxᵢ² + 2·Σᵢ xᵢ·Σ_{j&lt;i} Mᵢⱼxⱼ</c>. Half the memory traffic and flops of a full product, which is
    /// what a LinUCB decision spends its time on (one quadratic form per arm).
    /// </summary>
    /// <remarks>
    /// Rows go four at a time: their common prefix (columns before the block, a multiple of four) is summed with
    /// four independent 256-bit FMA chains, and the small triangle inside the block is added in scalar code.
    /// </remarks>
    public static double SymmetricQuadraticForm(ReadOnlySpan<double> m, ReadOnlySpan<double> x, int d)
    {
        // The loads below are unchecked: check the extents once.
        if (m.Length < d * d || x.Length < d)
        {
            throw new ArgumentException($"A {d}×{d} quadratic form needs {d * d} matrix and {d} vector entries.", nameof(m));
        }

        ref double rm = ref MemoryMarshal.GetReference(m);
        ref double rx = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)d;
        double diagonal = 0;
        double lower = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 4 <= d; i += 4)
            {
                nuint r0 = (nuint)i * n;
                nuint r1 = r0 + n;
                nuint r2 = r1 + n;
                nuint r3 = r2 + n;
                Vector256<double> acc0 = Vector256<double>.Zero;
                Vector256<double> acc1 = Vector256<double>.Zero;
                Vector256<double> acc2 = Vector256<double>.Zero;
                Vector256<double> acc3 = Vector256<double>.Zero;
                for (nuint k = 0; k < (nuint)i; k += 4)
                {
                    Vector256<double> vx = Vector256.LoadUnsafe(ref rx, k);
                    acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rm, r0 + k), vx, acc0);
                    acc1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rm, r1 + k), vx, acc1);
                    acc2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rm, r2 + k), vx, acc2);
                    acc3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rm, r3 + k), vx, acc3);
                }

                nuint c = (nuint)i;
                double x0 = Unsafe.Add(ref rx, c), x1 = Unsafe.Add(ref rx, c + 1), x2 = Unsafe.Add(ref rx, c + 2), x3 = Unsafe.Add(ref rx, c + 3);
                double s0 = Vector256.Sum(acc0);
                double s1 = Vector256.Sum(acc1) + (Unsafe.Add(ref rm, r1 + c) * x0);
                double s2 = Vector256.Sum(acc2) + (Unsafe.Add(ref rm, r2 + c) * x0) + (Unsafe.Add(ref rm, r2 + c + 1) * x1);
                double s3 = Vector256.Sum(acc3) + (Unsafe.Add(ref rm, r3 + c) * x0) + (Unsafe.Add(ref rm, r3 + c + 1) * x1) + (Unsafe.Add(ref rm, r3 + c + 2) * x2);
                lower += (x0 * s0) + (x1 * s1) + (x2 * s2) + (x3 * s3);
                diagonal += (Unsafe.Add(ref rm, r0 + c) * x0 * x0) + (Unsafe.Add(ref rm, r1 + c + 1) * x1 * x1)
                    + (Unsafe.Add(ref rm, r2 + c + 2) * x2 * x2) + (Unsafe.Add(ref rm, r3 + c + 3) * x3 * x3);
            }
        }

        for (; i < d; i++)
        {
            ReadOnlySpan<double> row = m.Slice(i * d, d);
            lower += x[i] * Dot(row[..i], x[..i]);
            diagonal += row[i] * x[i] * x[i];
        }

        return diagonal + (2 * lower);
    }

    /// <summary>Returns aᵀb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length;
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            ReadOnlySpan<Vector<double>> va = MemoryMarshal.Cast<double, Vector<double>>(a);
            ReadOnlySpan<Vector<double>> vb = MemoryMarshal.Cast<double, Vector<double>>(b[..a.Length]);
            Vector<double> acc = Vector<double>.Zero;
            for (int k = 0; k < va.Length; k++)
            {
                acc = Vector.FusedMultiplyAdd(va[k], vb[k], acc);
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>y += alpha · x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(Span<double> y, ReadOnlySpan<double> x, double alpha)
    {
        int n = y.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            Span<Vector<double>> vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            ReadOnlySpan<Vector<double>> vx = MemoryMarshal.Cast<double, Vector<double>>(x[..n]);
            var va = new Vector<double>(alpha);
            for (int k = 0; k < vy.Length; k++)
            {
                vy[k] = Vector.FusedMultiplyAdd(vx[k], va, vy[k]);
            }

            i = vy.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>A += scale · u uᵀ for a d×d matrix.</summary>
    /// <remarks>
    /// Row i gets exactly what <see cref="AddScaled"/> would add (<c>scale·uᵢ</c> times u, fused), so the result is
    /// bit-identical to d <see cref="AddScaled"/> calls, without their per-row slicing and bounds checks.
    /// </remarks>
    public static void AddOuterProduct(Span<double> a, ReadOnlySpan<double> u, double scale, int d)
    {
        // The loads and stores below are unchecked: check the extents once.
        if (a.Length < d * d || u.Length < d)
        {
            throw new ArgumentException($"A {d}×{d} outer product needs {d * d} matrix and {d} vector entries.", nameof(a));
        }

        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double ru = ref MemoryMarshal.GetReference(u);
        nuint n = (nuint)d;
        int width = Vector<double>.Count;
        nuint vectorEnd = Vector.IsHardwareAccelerated && d >= width ? n - (n % (nuint)width) : 0;
        for (nuint i = 0; i < n; i++)
        {
            double alpha = scale * Unsafe.Add(ref ru, i);
            ref double row = ref Unsafe.Add(ref ra, i * n);
            var va = new Vector<double>(alpha);
            for (nuint k = 0; k < vectorEnd; k += (nuint)width)
            {
                Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref ru, k), va, Vector.LoadUnsafe(ref row, k)).StoreUnsafe(ref row, k);
            }

            for (nuint k = vectorEnd; k < n; k++)
            {
                Unsafe.Add(ref row, k) += alpha * Unsafe.Add(ref ru, k);
            }
        }
    }

    /// <summary>
    /// In-place Cholesky factorization A = L Lᵀ of a symmetric positive-definite matrix: the lower triangle of
    /// <paramref name="a"/> becomes L and the strict upper triangle is zeroed. Returns false (leaving the matrix
    /// partly overwritten) when A is not positive definite.
    /// </summary>
    public static bool Cholesky(Span<double> a, int d)
    {
        for (int j = 0; j < d; j++)
        {
            Span<double> rowJ = a.Slice(j * d, d);
            double diagonal = rowJ[j] - Dot(rowJ[..j], rowJ[..j]);
            if (!(diagonal > 0))
            {
                return false;
            }

            double ljj = Math.Sqrt(diagonal);
            rowJ[j] = ljj;
            for (int i = j + 1; i < d; i++)
            {
                Span<double> rowI = a.Slice(i * d, d);
                rowI[j] = (rowI[j] - Dot(rowI[..j], rowJ[..j])) / ljj;
            }
        }

        for (int i = 0; i < d; i++)
        {
            a.Slice((i * d) + i + 1, d - i - 1).Clear();
        }

        return true;
    }

    /// <summary>
    /// Writes A⁻¹ = L⁻ᵀ L⁻¹ into <paramref name="inverse"/> from the Cholesky factor <paramref name="l"/> of A
    /// (column by column: solve L y = e_j, then Lᵀ x = y).
    /// </summary>
    public static void InverseFromCholesky(ReadOnlySpan<double> l, Span<double> inverse, Span<double> column, int d)
    {
        for (int j = 0; j < d; j++)
        {
            column[..d].Clear();
            column[j] = 1;
            SolveLower(l, column, d);
            SolveLowerTransposed(l, column, d);
            for (int i = 0; i < d; i++)
            {
                inverse[(i * d) + j] = column[i];
            }
        }
    }

    /// <summary>Solves L y = b in place (forward substitution), L lower triangular.</summary>
    public static void SolveLower(ReadOnlySpan<double> l, Span<double> b, int d)
    {
        for (int i = 0; i < d; i++)
        {
            ReadOnlySpan<double> row = l.Slice(i * d, d);
            b[i] = (b[i] - Dot(row[..i], b[..i])) / row[i];
        }
    }

    /// <summary>Solves Lᵀ x = b in place (back substitution), L lower triangular.</summary>
    public static void SolveLowerTransposed(ReadOnlySpan<double> l, Span<double> b, int d)
    {
        for (int i = d - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int k = i + 1; k < d; k++)
            {
                sum -= l[(k * d) + i] * b[k];
            }

            b[i] = sum / l[(i * d) + i];
        }
    }

    /// <summary>
    /// Updates the Cholesky factor L of A in place so that it becomes the factor of A + x xᵀ
    /// (the classic O(d²) rank-one update with Givens-like rotations; <paramref name="x"/> is overwritten).
    /// </summary>
    public static void CholeskyRankOneUpdate(Span<double> l, Span<double> x, int d)
    {
        for (int k = 0; k < d; k++)
        {
            double lkk = l[(k * d) + k];
            double r = Math.Sqrt((lkk * lkk) + (x[k] * x[k]));
            double c = r / lkk;
            double s = x[k] / lkk;
            l[(k * d) + k] = r;
            for (int i = k + 1; i < d; i++)
            {
                int index = (i * d) + k;
                l[index] = (l[index] + (s * x[i])) / c;
                x[i] = (c * x[i]) - (s * l[index]);
            }
        }
    }
}
