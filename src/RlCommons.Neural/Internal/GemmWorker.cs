using System.Runtime.CompilerServices;

namespace RlCommons.Neural.Internal;

/// <summary>
/// One background thread that takes the second half of the rows of large matrix products, so a training step uses
/// two cores (PyTorch's intra-op parallelism does the same). The calling thread computes the first half, then waits.
/// </summary>
/// <remarks>
/// Thread safety: one product at a time; a caller that finds the worker busy (another network training on another
/// thread) computes the whole product itself, so concurrent networks never wait on each other. The operands are
/// pinned for the duration of the hand-off, and both signals spin briefly before blocking, because products arrive
/// microseconds apart during training.
/// </remarks>
internal static unsafe class GemmWorker
{
    private const int SpinCount = 2000;

    private static readonly bool Enabled = Environment.ProcessorCount > 1;
    private static readonly ManualResetEventSlim Start = new(false, SpinCount);
    private static readonly ManualResetEventSlim Done = new(false, SpinCount);
    private static int s_busy;
    private static Thread? s_thread;

    // The job, written by the caller before Start is set and read by the worker after.
    private static GemmKind s_kind;
    private static float* s_a;
    private static float* s_b;
    private static float* s_c;
    private static float* s_bias;
    private static int s_m;
    private static int s_k;
    private static int s_n;
    private static int s_rowStart;
    private static bool s_accumulate;

    /// <summary>Computes the product with rows split between this thread and the worker; returns <see langword="false"/> (doing nothing) when the worker is unavailable.</summary>
    public static bool TryRun(GemmKind kind, ref float a, ref float b, ref float c, ref float bias, int m, int k, int n, bool accumulate)
    {
        if (!Enabled || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            EnsureThread();

            // A split on a multiple of four keeps every element on the same code path as an unsplit product.
            int split = ((m / 2) + 3) & ~3;
            fixed (float* pa = &a, pb = &b, pc = &c, pbias = &bias)
            {
                s_kind = kind;
                s_a = pa;
                s_b = pb;
                s_c = pc;
                s_bias = pbias;
                s_m = m;
                s_k = k;
                s_n = n;
                s_rowStart = split;
                s_accumulate = accumulate;
                Start.Set();
                Gemm.Rows(kind, ref a, ref b, ref c, ref bias, m, k, n, accumulate, 0, split);
                Done.Wait();
                Done.Reset();
            }

            return true;
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    private static void EnsureThread()
    {
        if (s_thread is not null)
        {
            return;
        }

        s_thread = new Thread(Work) { IsBackground = true, Name = "RlCommons.Neural GEMM worker" };
        s_thread.Start();
    }

    private static void Work()
    {
        while (true)
        {
            Start.Wait();
            Start.Reset();
            Gemm.Rows(s_kind, ref Unsafe.AsRef<float>(s_a), ref Unsafe.AsRef<float>(s_b), ref Unsafe.AsRef<float>(s_c), ref Unsafe.AsRef<float>(s_bias), s_m, s_k, s_n, s_accumulate, s_rowStart, s_m);
            Done.Set();
        }
    }
}
