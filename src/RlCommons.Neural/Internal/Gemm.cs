using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RlCommons.Neural.Internal;

/// <summary>
/// Row-major single-precision matrix kernels for the dense layers: <c>C = A·B</c> with a 4-row ×
/// 2-vector register-blocked micro-kernel in i-k-j order (each B row is loaded once per four A rows and
/// the accumulators stay in registers), and a transpose.
/// </summary>
/// <remarks>
/// The blocks use fused multiply-add: one rounding per term, the same on every machine (x64 without FMA3,
/// pre-2013 CPUs, gets the exact software fallback, slowly). The leftover rows and columns use separate
/// multiply and add, so a product's last bits depend on where a row falls, never on the machine.
/// </remarks>
internal static class Gemm
{
    /// <summary>C (m×n) = A (m×k) · B (k×n), or C += A·B when <paramref name="accumulate"/>.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        // The micro-kernel reads through unchecked references, so the bounds are checked here once.
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
        {
            throw new ArgumentException("A span is too short for the matrix shape.");
        }

        if (!accumulate)
        {
            c[..(m * n)].Clear();
        }

        int w = Vector<float>.Count;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            int j = 0;
            for (; j + (2 * w) <= n; j += 2 * w)
            {
                Block4x2(ref ra, ref rb, ref rc, i, j, k, n);
            }

            for (; j + w <= n; j += w)
            {
                Block4x1(ref ra, ref rb, ref rc, i, j, k, n);
            }

            for (; j < n; j++)
            {
                for (int r = i; r < i + 4; r++)
                {
                    float sum = 0f;
                    for (int p = 0; p < k; p++)
                    {
                        sum += Unsafe.Add(ref ra, (r * k) + p) * Unsafe.Add(ref rb, (p * n) + j);
                    }

                    Unsafe.Add(ref rc, (r * n) + j) += sum;
                }
            }
        }

        // Leftover rows: one scaled B row at a time.
        for (; i < m; i++)
        {
            Span<float> row = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                float s = a[(i * k) + p];
                if (s != 0f)
                {
                    TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), s, row, row);
                }
            }
        }
    }

    /// <summary>Writes the transpose of <paramref name="source"/> (rows × cols) into <paramref name="destination"/> (cols × rows).</summary>
    public static void Transpose(ReadOnlySpan<float> source, Span<float> destination, int rows, int cols)
    {
        if (source.Length < rows * cols || destination.Length < rows * cols)
        {
            throw new ArgumentException("A span is too short for the matrix shape.");
        }

        // 16 × 16 tiles keep both the strided reads and the strided writes inside a few cache lines.
        const int Tile = 16;
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(r0 + Tile, rows);
            for (int c0 = 0; c0 < cols; c0 += Tile)
            {
                int c1 = Math.Min(c0 + Tile, cols);
                for (int r = r0; r < r1; r++)
                {
                    for (int c = c0; c < c1; c++)
                    {
                        destination[(c * rows) + r] = source[(r * cols) + c];
                    }
                }
            }
        }
    }

    private static void Block4x2(ref float ra, ref float rb, ref float rc, int i, int j, int k, int n)
    {
        int w = Vector<float>.Count;
        nuint c0 = (nuint)((i * n) + j);
        nuint c1 = c0 + (nuint)n;
        nuint c2 = c1 + (nuint)n;
        nuint c3 = c2 + (nuint)n;
        Vector<float> s00 = Vector.LoadUnsafe(ref rc, c0);
        Vector<float> s01 = Vector.LoadUnsafe(ref rc, c0 + (nuint)w);
        Vector<float> s10 = Vector.LoadUnsafe(ref rc, c1);
        Vector<float> s11 = Vector.LoadUnsafe(ref rc, c1 + (nuint)w);
        Vector<float> s20 = Vector.LoadUnsafe(ref rc, c2);
        Vector<float> s21 = Vector.LoadUnsafe(ref rc, c2 + (nuint)w);
        Vector<float> s30 = Vector.LoadUnsafe(ref rc, c3);
        Vector<float> s31 = Vector.LoadUnsafe(ref rc, c3 + (nuint)w);
        int a0 = i * k;
        for (int p = 0; p < k; p++)
        {
            nuint bOffset = (nuint)((p * n) + j);
            Vector<float> b0 = Vector.LoadUnsafe(ref rb, bOffset);
            Vector<float> b1 = Vector.LoadUnsafe(ref rb, bOffset + (nuint)w);
            var x0 = new Vector<float>(Unsafe.Add(ref ra, a0 + p));
            var x1 = new Vector<float>(Unsafe.Add(ref ra, a0 + k + p));
            var x2 = new Vector<float>(Unsafe.Add(ref ra, a0 + (2 * k) + p));
            var x3 = new Vector<float>(Unsafe.Add(ref ra, a0 + (3 * k) + p));
            s00 = Vector.FusedMultiplyAdd(x0, b0, s00);
            s01 = Vector.FusedMultiplyAdd(x0, b1, s01);
            s10 = Vector.FusedMultiplyAdd(x1, b0, s10);
            s11 = Vector.FusedMultiplyAdd(x1, b1, s11);
            s20 = Vector.FusedMultiplyAdd(x2, b0, s20);
            s21 = Vector.FusedMultiplyAdd(x2, b1, s21);
            s30 = Vector.FusedMultiplyAdd(x3, b0, s30);
            s31 = Vector.FusedMultiplyAdd(x3, b1, s31);
        }

        s00.StoreUnsafe(ref rc, c0);
        s01.StoreUnsafe(ref rc, c0 + (nuint)w);
        s10.StoreUnsafe(ref rc, c1);
        s11.StoreUnsafe(ref rc, c1 + (nuint)w);
        s20.StoreUnsafe(ref rc, c2);
        s21.StoreUnsafe(ref rc, c2 + (nuint)w);
        s30.StoreUnsafe(ref rc, c3);
        s31.StoreUnsafe(ref rc, c3 + (nuint)w);
    }

    private static void Block4x1(ref float ra, ref float rb, ref float rc, int i, int j, int k, int n)
    {
        nuint c0 = (nuint)((i * n) + j);
        nuint c1 = c0 + (nuint)n;
        nuint c2 = c1 + (nuint)n;
        nuint c3 = c2 + (nuint)n;
        Vector<float> s0 = Vector.LoadUnsafe(ref rc, c0);
        Vector<float> s1 = Vector.LoadUnsafe(ref rc, c1);
        Vector<float> s2 = Vector.LoadUnsafe(ref rc, c2);
        Vector<float> s3 = Vector.LoadUnsafe(ref rc, c3);
        int a0 = i * k;
        for (int p = 0; p < k; p++)
        {
            Vector<float> b0 = Vector.LoadUnsafe(ref rb, (nuint)((p * n) + j));
            s0 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref ra, a0 + p)), b0, s0);
            s1 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref ra, a0 + k + p)), b0, s1);
            s2 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref ra, a0 + (2 * k) + p)), b0, s2);
            s3 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref ra, a0 + (3 * k) + p)), b0, s3);
        }

        s0.StoreUnsafe(ref rc, c0);
        s1.StoreUnsafe(ref rc, c1);
        s2.StoreUnsafe(ref rc, c2);
        s3.StoreUnsafe(ref rc, c3);
    }
}
