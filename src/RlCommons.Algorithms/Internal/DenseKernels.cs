using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RlCommons.Internal;

/// <summary>
/// Small dense linear algebra on row-major <c>d×d</c> double matrices held in spans, allocation-free and
/// SIMD where it pays (<see cref="Vector{T}"/>). Sized for the feature dimensions of linear bandits
/// (tens to a few hundred); MathNet is the reference the tests check these against.
/// </summary>
internal static class DenseKernels
{
    /// <summary>y = A x for a d×d matrix; returns xᵀ y (the quadratic form xᵀAx).</summary>
    public static double MultiplyAndQuadraticForm(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> y, int d)
    {
        double quadratic = 0;
        for (int i = 0; i < d; i++)
        {
            double yi = Dot(a.Slice(i * d, d), x);
            y[i] = yi;
            quadratic += x[i] * yi;
        }

        return quadratic;
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
    public static void AddOuterProduct(Span<double> a, ReadOnlySpan<double> u, double scale, int d)
    {
        for (int i = 0; i < d; i++)
        {
            AddScaled(a.Slice(i * d, d), u, scale * u[i]);
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
