using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RlCommons.Neural.Internal;

/// <summary>
/// Row-major single-precision matrix kernels for the dense layers: <c>C = A·B</c> (and <c>Aᵀ·B</c>) with a 4-row ×
/// 2-vector register-blocked micro-kernel in i-k-j order (each B row is loaded once per four A rows and the
/// accumulators stay in registers), <c>C = A·Bᵀ</c> as blocked dot products, and a transpose. Products large enough
/// to repay a hand-off split their rows between the calling thread and one worker (<see cref="GemmWorker"/>).
/// </summary>
/// <remarks>
/// The blocks use fused multiply-add: one rounding per term (x64 without FMA3, pre-2013 CPUs, gets the exact
/// software fallback, slowly). The leftover rows and columns use separate multiply and add, so a product's last bits
/// depend on where a row falls, never on the machine. Row splits fall on multiples of four, so every element is
/// computed by the same instructions whether or not the work is split: results do not depend on threading.
/// </remarks>
internal static class Gemm
{
    /// <summary>Products of at least this many multiply-adds are split across two threads.</summary>
    internal const long ParallelThreshold = 1L << 19;

    /// <summary>C (m×n) = A (m×k) · B (k×n), or C += A·B when <paramref name="accumulate"/>.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        Check(a, b, c, m, k, n);
        Run(GemmKind.Plain, a, b, c, m, k, n, accumulate, ref Unsafe.NullRef<float>());
    }

    /// <summary>
    /// C (m×n) = A (m×k) · B (k×n) + 1·biasᵀ: every row of C starts from <paramref name="bias"/> (n values) and adds its
    /// product, a dense layer's forward pass without first copying the bias into every row. Bit-identical to copying
    /// the bias into C and calling <see cref="Multiply"/> with accumulation.
    /// </summary>
    public static void MultiplyAddBias(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int k, int n)
    {
        Check(a, b, c, m, k, n);
        CheckBias(bias, n);
        Run(GemmKind.Plain, a, b, c, m, k, n, accumulate: false, ref MemoryMarshal.GetReference(bias));
    }

    /// <summary>
    /// C (m×n) = A (m×k) · Bᵀ + 1·biasᵀ where B is stored n×k: <see cref="MultiplyTransposedB"/> with every row of C
    /// starting from <paramref name="bias"/>; bit-identical to copying the bias into C and accumulating.
    /// </summary>
    public static void MultiplyTransposedBAddBias(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int k, int n)
    {
        Check(a, b, c, m, k, n);
        CheckBias(bias, n);
        Run(GemmKind.TransposedB, a, b, c, m, k, n, accumulate: false, ref MemoryMarshal.GetReference(bias));
    }

    /// <summary>
    /// C (m×n) = Aᵀ · B where A is stored k×m (so C's row i reads A's column i), or C += Aᵀ·B. The weight gradient
    /// δᵀ·X of a dense layer without materializing δᵀ.
    /// </summary>
    public static void MultiplyTransposedA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        Check(a, b, c, m, k, n);
        Run(GemmKind.TransposedA, a, b, c, m, k, n, accumulate, ref Unsafe.NullRef<float>());
    }

    /// <summary>
    /// C (m×n) = A (m×k) · Bᵀ where B is stored n×k, or C += A·Bᵀ: every element is a dot product of two contiguous
    /// rows, so a dense layer's forward pass X·Wᵀ needs no transposed copy of W. Blocks of 4 A rows × 2 B rows keep
    /// eight vector accumulators in registers; each is summed across lanes once at the end.
    /// </summary>
    /// <remarks>The lane sums make a product's last bits depend on the vector width (the same on every machine with the
    /// same width), unlike <see cref="Multiply"/>.</remarks>
    public static void MultiplyTransposedB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        Check(a, b, c, m, k, n);
        Run(GemmKind.TransposedB, a, b, c, m, k, n, accumulate, ref Unsafe.NullRef<float>());
    }

    /// <summary>
    /// Computes rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of a product whose operands start at the
    /// given references; every row starts from <paramref name="bias"/> (n values) unless it is a null reference.
    /// </summary>
    internal static void Rows(GemmKind kind, ref float a, ref float b, ref float c, ref float bias, int m, int k, int n, bool accumulate, int rowStart, int rowEnd)
    {
        int rows = rowEnd - rowStart;
        if (rows <= 0)
        {
            return;
        }

        ref float cRows = ref Unsafe.Add(ref c, rowStart * n);
        switch (kind)
        {
            case GemmKind.Plain:
                Strided(ref Unsafe.Add(ref a, rowStart * k), k, 1, ref b, ref cRows, ref bias, rows, k, n, accumulate);
                break;
            case GemmKind.TransposedA:
                Strided(ref Unsafe.Add(ref a, rowStart), 1, m, ref b, ref cRows, ref bias, rows, k, n, accumulate);
                break;
            default:
                DotRows(ref Unsafe.Add(ref a, rowStart * k), ref b, ref cRows, ref bias, rows, k, n, accumulate);
                break;
        }
    }

    private static void Check(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        // The kernels read through unchecked references, so the bounds are checked here once.
        if (m < 0 || k < 0 || n < 0 || a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
        {
            throw new ArgumentException("A span is too short for the matrix shape.");
        }
    }

    private static void CheckBias(ReadOnlySpan<float> bias, int n)
    {
        if (bias.Length < n)
        {
            throw new ArgumentException("The bias is shorter than a row of the product.", nameof(bias));
        }
    }

    private static void Run(GemmKind kind, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate, ref float bias)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!Unsafe.IsNullRef(ref bias))
            {
                for (int i = 0; i < m; i++)
                {
                    MemoryMarshal.CreateReadOnlySpan(ref bias, n).CopyTo(c.Slice(i * n, n));
                }
            }
            else if (!accumulate)
            {
                c[..(m * n)].Clear();
            }

            return;
        }

        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        if ((long)m * k * n >= ParallelThreshold && m >= 8 && GemmWorker.TryRun(kind, ref ra, ref rb, ref rc, ref bias, m, k, n, accumulate))
        {
            return;
        }

        Rows(kind, ref ra, ref rb, ref rc, ref bias, m, k, n, accumulate, 0, m);
    }

    // C (rows×n) (+)= A·B with A(i, p) read at a[i·rowStride + p·colStride]: (k, 1) for A, (1, m) for Aᵀ stored k×m.
    // Every element's sum starts from its initial value: C itself when accumulating, the bias (row stride 0: the same
    // n values for every row), or 0 (a null initial reference) when overwriting, so neither a bias nor a cleared C
    // costs a separate pass over C.
    private static void Strided(ref float ra, int rowStride, int colStride, ref float rb, ref float rc, ref float bias, int rows, int k, int n, bool accumulate)
    {
        bool hasBias = !Unsafe.IsNullRef(ref bias);
        ref float initial = ref hasBias ? ref bias : ref accumulate ? ref rc : ref Unsafe.NullRef<float>();
        int initialStride = hasBias ? 0 : n;

        int w = Vector<float>.Count;
        int i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            int j = 0;
            for (; j + (3 * w) <= n; j += 3 * w)
            {
                Block4x3(ref ra, rowStride, colStride, ref rb, ref rc, ref initial, initialStride, i, j, k, n);
            }

            for (; j + (2 * w) <= n; j += 2 * w)
            {
                Block4x2(ref ra, rowStride, colStride, ref rb, ref rc, ref initial, initialStride, i, j, k, n);
            }

            for (; j + w <= n; j += w)
            {
                Block4x1(ref ra, rowStride, colStride, ref rb, ref rc, ref initial, initialStride, i, j, k, n);
            }

            for (; j < n; j++)
            {
                for (int r = i; r < i + 4; r++)
                {
                    float sum = 0f;
                    for (int p = 0; p < k; p++)
                    {
                        sum += Unsafe.Add(ref ra, (r * rowStride) + (p * colStride)) * Unsafe.Add(ref rb, (p * n) + j);
                    }

                    Unsafe.Add(ref rc, (r * n) + j) = (Unsafe.IsNullRef(ref initial) ? 0f : Unsafe.Add(ref initial, (r * initialStride) + j)) + sum;
                }
            }
        }

        // Leftover rows: the row plus one scaled B row at a time (a separate multiply and add, skipping zero scales).
        for (; i < rows; i++)
        {
            Span<float> row = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref rc, i * n), n);
            if (hasBias)
            {
                MemoryMarshal.CreateReadOnlySpan(ref bias, n).CopyTo(row);
            }
            else if (!accumulate)
            {
                row.Clear();
            }

            ScaledRowSum(ref Unsafe.Add(ref ra, i * rowStride), colStride, ref rb, ref Unsafe.Add(ref rc, i * n), k, n);
        }
    }

    // row (n) += Σ_p a[p·colStride] · B[p] over the k rows of B (skipping zero scales), in p order for every element:
    // the additions of one scaled-row update at a time (row = (b·s) + row, unfused), with four vectors of the row
    // kept in registers across all of B's rows instead of loaded and stored once per row.
    private static void ScaledRowSum(ref float a, int colStride, ref float rb, ref float row, int k, int n)
    {
        int w = Vector<float>.Count;
        int j = 0;
        for (; j + (4 * w) <= n; j += 4 * w)
        {
            Vector<float> s0 = Vector.LoadUnsafe(ref row, (nuint)j);
            Vector<float> s1 = Vector.LoadUnsafe(ref row, (nuint)(j + w));
            Vector<float> s2 = Vector.LoadUnsafe(ref row, (nuint)(j + (2 * w)));
            Vector<float> s3 = Vector.LoadUnsafe(ref row, (nuint)(j + (3 * w)));
            for (int p = 0; p < k; p++)
            {
                float scale = Unsafe.Add(ref a, p * colStride);
                if (scale != 0f)
                {
                    var x = new Vector<float>(scale);
                    nuint at = (nuint)((p * n) + j);
                    s0 = (Vector.LoadUnsafe(ref rb, at) * x) + s0;
                    s1 = (Vector.LoadUnsafe(ref rb, at + (nuint)w) * x) + s1;
                    s2 = (Vector.LoadUnsafe(ref rb, at + (nuint)(2 * w)) * x) + s2;
                    s3 = (Vector.LoadUnsafe(ref rb, at + (nuint)(3 * w)) * x) + s3;
                }
            }

            s0.StoreUnsafe(ref row, (nuint)j);
            s1.StoreUnsafe(ref row, (nuint)(j + w));
            s2.StoreUnsafe(ref row, (nuint)(j + (2 * w)));
            s3.StoreUnsafe(ref row, (nuint)(j + (3 * w)));
        }

        for (; j + w <= n; j += w)
        {
            Vector<float> sum = Vector.LoadUnsafe(ref row, (nuint)j);
            for (int p = 0; p < k; p++)
            {
                float scale = Unsafe.Add(ref a, p * colStride);
                if (scale != 0f)
                {
                    sum = (Vector.LoadUnsafe(ref rb, (nuint)((p * n) + j)) * new Vector<float>(scale)) + sum;
                }
            }

            sum.StoreUnsafe(ref row, (nuint)j);
        }

        for (; j < n; j++)
        {
            float sum = Unsafe.Add(ref row, j);
            for (int p = 0; p < k; p++)
            {
                float scale = Unsafe.Add(ref a, p * colStride);
                if (scale != 0f)
                {
                    sum = (Unsafe.Add(ref rb, (p * n) + j) * scale) + sum;
                }
            }

            Unsafe.Add(ref row, j) = sum;
        }
    }

    // C (rows×n) (+)= A·Bᵀ, B stored n×k; with a bias, C = bias + A·Bᵀ (the bias added to each finished dot product).
    private static void DotRows(ref float ra, ref float rb, ref float rc, ref float bias, int rows, int k, int n, bool accumulate)
    {
        bool hasBias = !Unsafe.IsNullRef(ref bias);
        ref float initial = ref hasBias ? ref bias : ref rc;
        int initialStride = hasBias ? 0 : n;
        bool add = accumulate || hasBias;
        int w = Vector<float>.Count;
        int kv = k - (k % w);
        int i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            ref float a0 = ref Unsafe.Add(ref ra, i * k);
            ref float a1 = ref Unsafe.Add(ref a0, k);
            ref float a2 = ref Unsafe.Add(ref a1, k);
            ref float a3 = ref Unsafe.Add(ref a2, k);
            int j = 0;
            for (; j + 2 <= n; j += 2)
            {
                ref float b0 = ref Unsafe.Add(ref rb, j * k);
                ref float b1 = ref Unsafe.Add(ref b0, k);
                Vector<float> s00 = Vector<float>.Zero, s01 = Vector<float>.Zero, s10 = Vector<float>.Zero, s11 = Vector<float>.Zero;
                Vector<float> s20 = Vector<float>.Zero, s21 = Vector<float>.Zero, s30 = Vector<float>.Zero, s31 = Vector<float>.Zero;
                for (int p = 0; p < kv; p += w)
                {
                    Vector<float> x0 = Vector.LoadUnsafe(ref b0, (nuint)p);
                    Vector<float> x1 = Vector.LoadUnsafe(ref b1, (nuint)p);
                    Vector<float> y = Vector.LoadUnsafe(ref a0, (nuint)p);
                    s00 = Vector.FusedMultiplyAdd(y, x0, s00);
                    s01 = Vector.FusedMultiplyAdd(y, x1, s01);
                    y = Vector.LoadUnsafe(ref a1, (nuint)p);
                    s10 = Vector.FusedMultiplyAdd(y, x0, s10);
                    s11 = Vector.FusedMultiplyAdd(y, x1, s11);
                    y = Vector.LoadUnsafe(ref a2, (nuint)p);
                    s20 = Vector.FusedMultiplyAdd(y, x0, s20);
                    s21 = Vector.FusedMultiplyAdd(y, x1, s21);
                    y = Vector.LoadUnsafe(ref a3, (nuint)p);
                    s30 = Vector.FusedMultiplyAdd(y, x0, s30);
                    s31 = Vector.FusedMultiplyAdd(y, x1, s31);
                }

                Store(ref rc, ref initial, initialStride, n, i, j, Vector.Sum(s00) + Tail(ref a0, ref b0, kv, k), add);
                Store(ref rc, ref initial, initialStride, n, i, j + 1, Vector.Sum(s01) + Tail(ref a0, ref b1, kv, k), add);
                Store(ref rc, ref initial, initialStride, n, i + 1, j, Vector.Sum(s10) + Tail(ref a1, ref b0, kv, k), add);
                Store(ref rc, ref initial, initialStride, n, i + 1, j + 1, Vector.Sum(s11) + Tail(ref a1, ref b1, kv, k), add);
                Store(ref rc, ref initial, initialStride, n, i + 2, j, Vector.Sum(s20) + Tail(ref a2, ref b0, kv, k), add);
                Store(ref rc, ref initial, initialStride, n, i + 2, j + 1, Vector.Sum(s21) + Tail(ref a2, ref b1, kv, k), add);
                Store(ref rc, ref initial, initialStride, n, i + 3, j, Vector.Sum(s30) + Tail(ref a3, ref b0, kv, k), add);
                Store(ref rc, ref initial, initialStride, n, i + 3, j + 1, Vector.Sum(s31) + Tail(ref a3, ref b1, kv, k), add);
            }

            for (; j < n; j++)
            {
                for (int r = 0; r < 4; r++)
                {
                    Store(ref rc, ref initial, initialStride, n, i + r, j, Dot(ref Unsafe.Add(ref a0, r * k), ref Unsafe.Add(ref rb, j * k), k), add);
                }
            }
        }

        for (; i < rows; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Store(ref rc, ref initial, initialStride, n, i, j, Dot(ref Unsafe.Add(ref ra, i * k), ref Unsafe.Add(ref rb, j * k), k), add);
            }
        }
    }

    /// <summary>
    /// y (n) = W (n×k, row-major) · x (k), unchecked: the single-row forward pass. Four W rows at a time share each
    /// load of x and keep four vector accumulators in registers, about a third of the instructions of one
    /// <see cref="TensorPrimitives.Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> call per output; rows shorter than a
    /// vector and leftover rows use that call. The caller guarantees the lengths.
    /// </summary>
    internal static void MultiplyVector(ref float w, ref float x, ref float y, int n, int k)
    {
        int width = Vector<float>.Count;
        int o = 0;
        if (k >= width)
        {
            int kv = k - (k % width);
            for (; o + 4 <= n; o += 4)
            {
                ref float w0 = ref Unsafe.Add(ref w, o * k);
                ref float w1 = ref Unsafe.Add(ref w0, k);
                ref float w2 = ref Unsafe.Add(ref w1, k);
                ref float w3 = ref Unsafe.Add(ref w2, k);
                Vector<float> s0 = Vector<float>.Zero, s1 = Vector<float>.Zero, s2 = Vector<float>.Zero, s3 = Vector<float>.Zero;
                for (int p = 0; p < kv; p += width)
                {
                    Vector<float> v = Vector.LoadUnsafe(ref x, (nuint)p);
                    s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref w0, (nuint)p), v, s0);
                    s1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref w1, (nuint)p), v, s1);
                    s2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref w2, (nuint)p), v, s2);
                    s3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref w3, (nuint)p), v, s3);
                }

                Unsafe.Add(ref y, o) = Vector.Sum(s0) + Tail(ref w0, ref x, kv, k);
                Unsafe.Add(ref y, o + 1) = Vector.Sum(s1) + Tail(ref w1, ref x, kv, k);
                Unsafe.Add(ref y, o + 2) = Vector.Sum(s2) + Tail(ref w2, ref x, kv, k);
                Unsafe.Add(ref y, o + 3) = Vector.Sum(s3) + Tail(ref w3, ref x, kv, k);
            }
        }

        for (; o < n; o++)
        {
            Unsafe.Add(ref y, o) = Dot(ref Unsafe.Add(ref w, o * k), ref x, k);
        }
    }

    /// <summary>
    /// Y (rows×n) = X (rows×k) · Wᵀ + 1·biasᵀ with W n×k row-major, unchecked: the batched forward pass of a layer
    /// narrower than a vector. Every element is computed exactly as <see cref="MultiplyVector"/> computes it for its
    /// row, then the bias added, so a batch gives the bits of one row at a time; two rows at a time share each load of
    /// four W rows (eight vector accumulators). The caller guarantees the lengths.
    /// </summary>
    internal static void MultiplyRowsAddBias(ref float w, ref float x, ref float bias, ref float y, int rows, int n, int k)
    {
        int width = Vector<float>.Count;

        // The outputs MultiplyVector computes in blocks of four; the rest are single dot products.
        int blocked = k >= width ? n & ~3 : 0;
        int kv = k - (k % width);
        int r = 0;
        for (; r + 2 <= rows; r += 2)
        {
            ref float x0 = ref Unsafe.Add(ref x, r * k);
            ref float x1 = ref Unsafe.Add(ref x0, k);
            ref float y0 = ref Unsafe.Add(ref y, r * n);
            ref float y1 = ref Unsafe.Add(ref y0, n);
            for (int o = 0; o < blocked; o += 4)
            {
                ref float w0 = ref Unsafe.Add(ref w, o * k);
                ref float w1 = ref Unsafe.Add(ref w0, k);
                ref float w2 = ref Unsafe.Add(ref w1, k);
                ref float w3 = ref Unsafe.Add(ref w2, k);
                Vector<float> s00 = Vector<float>.Zero, s01 = Vector<float>.Zero, s02 = Vector<float>.Zero, s03 = Vector<float>.Zero;
                Vector<float> s10 = Vector<float>.Zero, s11 = Vector<float>.Zero, s12 = Vector<float>.Zero, s13 = Vector<float>.Zero;
                for (int p = 0; p < kv; p += width)
                {
                    Vector<float> v0 = Vector.LoadUnsafe(ref x0, (nuint)p);
                    Vector<float> v1 = Vector.LoadUnsafe(ref x1, (nuint)p);
                    Vector<float> c = Vector.LoadUnsafe(ref w0, (nuint)p);
                    s00 = Vector.FusedMultiplyAdd(c, v0, s00);
                    s10 = Vector.FusedMultiplyAdd(c, v1, s10);
                    c = Vector.LoadUnsafe(ref w1, (nuint)p);
                    s01 = Vector.FusedMultiplyAdd(c, v0, s01);
                    s11 = Vector.FusedMultiplyAdd(c, v1, s11);
                    c = Vector.LoadUnsafe(ref w2, (nuint)p);
                    s02 = Vector.FusedMultiplyAdd(c, v0, s02);
                    s12 = Vector.FusedMultiplyAdd(c, v1, s12);
                    c = Vector.LoadUnsafe(ref w3, (nuint)p);
                    s03 = Vector.FusedMultiplyAdd(c, v0, s03);
                    s13 = Vector.FusedMultiplyAdd(c, v1, s13);
                }

                Unsafe.Add(ref y0, o) = (Vector.Sum(s00) + Tail(ref w0, ref x0, kv, k)) + Unsafe.Add(ref bias, o);
                Unsafe.Add(ref y0, o + 1) = (Vector.Sum(s01) + Tail(ref w1, ref x0, kv, k)) + Unsafe.Add(ref bias, o + 1);
                Unsafe.Add(ref y0, o + 2) = (Vector.Sum(s02) + Tail(ref w2, ref x0, kv, k)) + Unsafe.Add(ref bias, o + 2);
                Unsafe.Add(ref y0, o + 3) = (Vector.Sum(s03) + Tail(ref w3, ref x0, kv, k)) + Unsafe.Add(ref bias, o + 3);
                Unsafe.Add(ref y1, o) = (Vector.Sum(s10) + Tail(ref w0, ref x1, kv, k)) + Unsafe.Add(ref bias, o);
                Unsafe.Add(ref y1, o + 1) = (Vector.Sum(s11) + Tail(ref w1, ref x1, kv, k)) + Unsafe.Add(ref bias, o + 1);
                Unsafe.Add(ref y1, o + 2) = (Vector.Sum(s12) + Tail(ref w2, ref x1, kv, k)) + Unsafe.Add(ref bias, o + 2);
                Unsafe.Add(ref y1, o + 3) = (Vector.Sum(s13) + Tail(ref w3, ref x1, kv, k)) + Unsafe.Add(ref bias, o + 3);
            }

            for (int o = blocked; o < n; o++)
            {
                ref float wo = ref Unsafe.Add(ref w, o * k);
                Unsafe.Add(ref y0, o) = Dot(ref wo, ref x0, k) + Unsafe.Add(ref bias, o);
                Unsafe.Add(ref y1, o) = Dot(ref wo, ref x1, k) + Unsafe.Add(ref bias, o);
            }
        }

        if (r < rows)
        {
            ref float yr = ref Unsafe.Add(ref y, r * n);
            MultiplyVector(ref w, ref Unsafe.Add(ref x, r * k), ref yr, n, k);
            for (int o = 0; o < n; o++)
            {
                Unsafe.Add(ref yr, o) += Unsafe.Add(ref bias, o);
            }
        }
    }

    private static float Dot(ref float x, ref float y, int k)
        => TensorPrimitives.Dot(MemoryMarshal.CreateReadOnlySpan(ref x, k), MemoryMarshal.CreateReadOnlySpan(ref y, k));

    // C(row, column) = value, plus the element's initial value (C itself, or the bias) when adding.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float c, ref float initial, int initialStride, int n, int row, int column, float value, bool add)
    {
        Unsafe.Add(ref c, (row * n) + column) = add ? Unsafe.Add(ref initial, (row * initialStride) + column) + value : value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail(ref float x, ref float y, int from, int to)
    {
        float sum = 0f;
        for (int p = from; p < to; p++)
        {
            sum += Unsafe.Add(ref x, p) * Unsafe.Add(ref y, p);
        }

        return sum;
    }

    /// <summary>Writes the transpose of <paramref name="source"/> (rows × cols) into <paramref name="destination"/> (cols × rows).</summary>
    public static void Transpose(ReadOnlySpan<float> source, Span<float> destination, int rows, int cols)
    {
        if (source.Length < rows * cols || destination.Length < rows * cols)
        {
            throw new ArgumentException("A span is too short for the matrix shape.");
        }

        // The lengths are checked above, so the blocks read and write through unchecked references. With AVX, 8 × 8
        // blocks are transposed in registers (eight row loads, 24 shuffles, eight column stores); the edges that do not
        // fill a block, and machines without AVX, use 16 × 16 tiles of scalar copies, which keep both the strided reads
        // and the strided writes inside a few cache lines. Either way the destination holds exact copies.
        ref float src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int blockRows = 0;
        int blockCols = 0;
        if (Avx.IsSupported)
        {
            blockRows = rows & ~7;
            blockCols = cols & ~7;
            for (int r = 0; r < blockRows; r += 8)
            {
                for (int c = 0; c < blockCols; c += 8)
                {
                    Transpose8x8(ref Unsafe.Add(ref src, (r * cols) + c), cols, ref Unsafe.Add(ref dst, (c * rows) + r), rows);
                }
            }
        }

        // Rows below the blocks (all columns), then the columns right of them (block rows only).
        TransposeTiles(ref src, ref dst, rows, cols, blockRows, rows, 0, cols);
        TransposeTiles(ref src, ref dst, rows, cols, 0, blockRows, blockCols, cols);
    }

    // Scalar 16 × 16 tiles over rows [rowFrom, rowTo) × columns [colFrom, colTo).
    private static void TransposeTiles(ref float src, ref float dst, int rows, int cols, int rowFrom, int rowTo, int colFrom, int colTo)
    {
        const int Tile = 16;
        for (int r0 = rowFrom; r0 < rowTo; r0 += Tile)
        {
            int r1 = Math.Min(r0 + Tile, rowTo);
            for (int c0 = colFrom; c0 < colTo; c0 += Tile)
            {
                int c1 = Math.Min(c0 + Tile, colTo);
                for (int r = r0; r < r1; r++)
                {
                    ref float row = ref Unsafe.Add(ref src, r * cols);
                    for (int c = c0; c < c1; c++)
                    {
                        Unsafe.Add(ref dst, (c * rows) + r) = Unsafe.Add(ref row, c);
                    }
                }
            }
        }
    }

    // The 8 × 8 block at src (row stride srcStride) transposed into dst (row stride dstStride).
    private static void Transpose8x8(ref float src, int srcStride, ref float dst, int dstStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref src);
        Vector256<float> r1 = Vector256.LoadUnsafe(ref src, (nuint)srcStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref src, (nuint)(2 * srcStride));
        Vector256<float> r3 = Vector256.LoadUnsafe(ref src, (nuint)(3 * srcStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref src, (nuint)(4 * srcStride));
        Vector256<float> r5 = Vector256.LoadUnsafe(ref src, (nuint)(5 * srcStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref src, (nuint)(6 * srcStride));
        Vector256<float> r7 = Vector256.LoadUnsafe(ref src, (nuint)(7 * srcStride));

        // Interleave pairs of rows, then pairs of pairs (within each 128-bit half), then swap the halves.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1);
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref dst);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref dst, (nuint)dstStride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref dst, (nuint)(2 * dstStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref dst, (nuint)(3 * dstStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref dst, (nuint)(4 * dstStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref dst, (nuint)(5 * dstStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref dst, (nuint)(6 * dstStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref dst, (nuint)(7 * dstStride));
    }

    // An accumulator's starting value: the initial values at offset, or zero for a null reference.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Initial(ref float initial, nuint offset) => Unsafe.IsNullRef(ref initial) ? Vector<float>.Zero : Vector.LoadUnsafe(ref initial, offset);

    // Twelve accumulators (4 rows × 3 vectors): enough independent FMA chains to cover the FMA latency on two pipes,
    // which the eight of Block4x2 do not. Each element's chain is the same as in the narrower blocks, so the results
    // are identical whichever block computes an element. The accumulators start from the elements' initial values
    // (row stride initialStride: n for C itself, 0 for a bias shared by every row; zero for a null reference) and end in C.
    private static void Block4x3(ref float ra, int rowStride, int colStride, ref float rb, ref float rc, ref float initial, int initialStride, int i, int j, int k, int n)
    {
        nuint w = (nuint)Vector<float>.Count;
        nuint c0 = (nuint)((i * n) + j);
        nuint c1 = c0 + (nuint)n;
        nuint c2 = c1 + (nuint)n;
        nuint c3 = c2 + (nuint)n;
        nuint i0 = (nuint)((i * initialStride) + j);
        nuint i1 = i0 + (nuint)initialStride;
        nuint i2 = i1 + (nuint)initialStride;
        nuint i3 = i2 + (nuint)initialStride;
        Vector<float> s00 = Initial(ref initial, i0);
        Vector<float> s01 = Initial(ref initial, i0 + w);
        Vector<float> s02 = Initial(ref initial, i0 + (2 * w));
        Vector<float> s10 = Initial(ref initial, i1);
        Vector<float> s11 = Initial(ref initial, i1 + w);
        Vector<float> s12 = Initial(ref initial, i1 + (2 * w));
        Vector<float> s20 = Initial(ref initial, i2);
        Vector<float> s21 = Initial(ref initial, i2 + w);
        Vector<float> s22 = Initial(ref initial, i2 + (2 * w));
        Vector<float> s30 = Initial(ref initial, i3);
        Vector<float> s31 = Initial(ref initial, i3 + w);
        Vector<float> s32 = Initial(ref initial, i3 + (2 * w));
        ref float a0 = ref Unsafe.Add(ref ra, i * rowStride);
        ref float a1 = ref Unsafe.Add(ref a0, rowStride);
        ref float a2 = ref Unsafe.Add(ref a1, rowStride);
        ref float a3 = ref Unsafe.Add(ref a2, rowStride);
        // The offsets advance by addition (no multiplications in the loop).
        nuint bOffset = (nuint)j;
        nint at = 0;
        for (int p = 0; p < k; p++)
        {
            Vector<float> b0 = Vector.LoadUnsafe(ref rb, bOffset);
            Vector<float> b1 = Vector.LoadUnsafe(ref rb, bOffset + w);
            Vector<float> b2 = Vector.LoadUnsafe(ref rb, bOffset + (2 * w));
            var x = new Vector<float>(Unsafe.Add(ref a0, at));
            s00 = Vector.FusedMultiplyAdd(x, b0, s00);
            s01 = Vector.FusedMultiplyAdd(x, b1, s01);
            s02 = Vector.FusedMultiplyAdd(x, b2, s02);
            x = new Vector<float>(Unsafe.Add(ref a1, at));
            s10 = Vector.FusedMultiplyAdd(x, b0, s10);
            s11 = Vector.FusedMultiplyAdd(x, b1, s11);
            s12 = Vector.FusedMultiplyAdd(x, b2, s12);
            x = new Vector<float>(Unsafe.Add(ref a2, at));
            s20 = Vector.FusedMultiplyAdd(x, b0, s20);
            s21 = Vector.FusedMultiplyAdd(x, b1, s21);
            s22 = Vector.FusedMultiplyAdd(x, b2, s22);
            x = new Vector<float>(Unsafe.Add(ref a3, at));
            s30 = Vector.FusedMultiplyAdd(x, b0, s30);
            s31 = Vector.FusedMultiplyAdd(x, b1, s31);
            s32 = Vector.FusedMultiplyAdd(x, b2, s32);
            bOffset += (nuint)n;
            at += colStride;
        }

        s00.StoreUnsafe(ref rc, c0);
        s01.StoreUnsafe(ref rc, c0 + w);
        s02.StoreUnsafe(ref rc, c0 + (2 * w));
        s10.StoreUnsafe(ref rc, c1);
        s11.StoreUnsafe(ref rc, c1 + w);
        s12.StoreUnsafe(ref rc, c1 + (2 * w));
        s20.StoreUnsafe(ref rc, c2);
        s21.StoreUnsafe(ref rc, c2 + w);
        s22.StoreUnsafe(ref rc, c2 + (2 * w));
        s30.StoreUnsafe(ref rc, c3);
        s31.StoreUnsafe(ref rc, c3 + w);
        s32.StoreUnsafe(ref rc, c3 + (2 * w));
    }

    private static void Block4x2(ref float ra, int rowStride, int colStride, ref float rb, ref float rc, ref float initial, int initialStride, int i, int j, int k, int n)
    {
        int w = Vector<float>.Count;
        nuint c0 = (nuint)((i * n) + j);
        nuint c1 = c0 + (nuint)n;
        nuint c2 = c1 + (nuint)n;
        nuint c3 = c2 + (nuint)n;
        nuint i0 = (nuint)((i * initialStride) + j);
        nuint i1 = i0 + (nuint)initialStride;
        nuint i2 = i1 + (nuint)initialStride;
        nuint i3 = i2 + (nuint)initialStride;
        Vector<float> s00 = Initial(ref initial, i0);
        Vector<float> s01 = Initial(ref initial, i0 + (nuint)w);
        Vector<float> s10 = Initial(ref initial, i1);
        Vector<float> s11 = Initial(ref initial, i1 + (nuint)w);
        Vector<float> s20 = Initial(ref initial, i2);
        Vector<float> s21 = Initial(ref initial, i2 + (nuint)w);
        Vector<float> s30 = Initial(ref initial, i3);
        Vector<float> s31 = Initial(ref initial, i3 + (nuint)w);
        ref float a0 = ref Unsafe.Add(ref ra, i * rowStride);
        ref float a1 = ref Unsafe.Add(ref a0, rowStride);
        ref float a2 = ref Unsafe.Add(ref a1, rowStride);
        ref float a3 = ref Unsafe.Add(ref a2, rowStride);
        for (int p = 0; p < k; p++)
        {
            nuint bOffset = (nuint)((p * n) + j);
            Vector<float> b0 = Vector.LoadUnsafe(ref rb, bOffset);
            Vector<float> b1 = Vector.LoadUnsafe(ref rb, bOffset + (nuint)w);
            int at = p * colStride;
            var x0 = new Vector<float>(Unsafe.Add(ref a0, at));
            var x1 = new Vector<float>(Unsafe.Add(ref a1, at));
            var x2 = new Vector<float>(Unsafe.Add(ref a2, at));
            var x3 = new Vector<float>(Unsafe.Add(ref a3, at));
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

    private static void Block4x1(ref float ra, int rowStride, int colStride, ref float rb, ref float rc, ref float initial, int initialStride, int i, int j, int k, int n)
    {
        nuint c0 = (nuint)((i * n) + j);
        nuint c1 = c0 + (nuint)n;
        nuint c2 = c1 + (nuint)n;
        nuint c3 = c2 + (nuint)n;
        nuint i0 = (nuint)((i * initialStride) + j);
        nuint i1 = i0 + (nuint)initialStride;
        nuint i2 = i1 + (nuint)initialStride;
        nuint i3 = i2 + (nuint)initialStride;
        Vector<float> s0 = Initial(ref initial, i0);
        Vector<float> s1 = Initial(ref initial, i1);
        Vector<float> s2 = Initial(ref initial, i2);
        Vector<float> s3 = Initial(ref initial, i3);
        ref float a0 = ref Unsafe.Add(ref ra, i * rowStride);
        ref float a1 = ref Unsafe.Add(ref a0, rowStride);
        ref float a2 = ref Unsafe.Add(ref a1, rowStride);
        ref float a3 = ref Unsafe.Add(ref a2, rowStride);
        for (int p = 0; p < k; p++)
        {
            Vector<float> b0 = Vector.LoadUnsafe(ref rb, (nuint)((p * n) + j));
            int at = p * colStride;
            s0 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a0, at)), b0, s0);
            s1 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a1, at)), b0, s1);
            s2 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a2, at)), b0, s2);
            s3 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a3, at)), b0, s3);
        }

        s0.StoreUnsafe(ref rc, c0);
        s1.StoreUnsafe(ref rc, c1);
        s2.StoreUnsafe(ref rc, c2);
        s3.StoreUnsafe(ref rc, c3);
    }
}
