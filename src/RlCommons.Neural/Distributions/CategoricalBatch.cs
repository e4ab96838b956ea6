using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RlCommons.Neural.Distributions;

/// <summary>
/// A training step's categorical distributions for a whole minibatch: one normalization per row (probabilities,
/// log-normalizer, entropy) kept for the log-probabilities, the entropies and the gradient. The formulas are those of
/// <see cref="CategoricalDistribution"/>'s one-row methods, term for term, but the work runs over the rows in vector
/// lanes (the values are stored action-major: action j of row r at <c>j·rows + r</c>) and the exponentials and
/// logarithms go through the vectorized <see cref="TensorPrimitives"/> kernels, so a value may differ from the one-row
/// methods (which use <see cref="Math.Exp"/>) in its last bit.
/// </summary>
/// <remarks>Not thread-safe: the buffers belong to the last <see cref="Normalize"/>.</remarks>
internal sealed class CategoricalBatch
{
    private readonly double[] _logits;
    private readonly float[] _floatLogits;
    private readonly double[] _probabilities;
    private readonly double[] _scratch;
    private readonly double[] _logNormalizers;
    private readonly double[] _entropies;
    private int _rows;

    /// <summary>Creates the buffers for up to <paramref name="maxRows"/> rows of <paramref name="actions"/> actions.</summary>
    public CategoricalBatch(int maxRows, int actions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actions, 1);
        Actions = actions;
        MaxRows = maxRows;
        int length = checked(maxRows * actions);
        _logits = new double[length];
        _floatLogits = new float[length];
        _probabilities = new double[length];
        _scratch = new double[length];
        _logNormalizers = new double[maxRows];
        _entropies = new double[maxRows];
    }

    /// <summary>The number of actions per row.</summary>
    public int Actions { get; }

    /// <summary>The largest number of rows.</summary>
    public int MaxRows { get; }

    /// <summary>The log-normalizers log Σ exp(logits) of the last <see cref="Normalize"/>, one per row.</summary>
    public ReadOnlySpan<double> LogNormalizers => _logNormalizers.AsSpan(0, _rows);

    /// <summary>The entropies of the last <see cref="Normalize"/>, one per row.</summary>
    public ReadOnlySpan<double> Entropies => _entropies.AsSpan(0, _rows);

    /// <summary>π(<paramref name="action"/>) in row <paramref name="row"/> of the last <see cref="Normalize"/>.</summary>
    public double Probability(int row, int action) => _probabilities[(action * _rows) + row];

    /// <summary>
    /// Normalizes <paramref name="rows"/> rows of logits: row r's are <c>logits[r·stride .. r·stride + Actions)</c> and
    /// its mask <c>masks[r·Actions .. (r + 1)·Actions)</c> (or none). Unchecked: the caller has validated the logits,
    /// the masks (each allows an action) and <paramref name="rows"/> (in [1, <see cref="MaxRows"/>]).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public void Normalize(ReadOnlySpan<float> logits, int stride, int rows, ReadOnlySpan<bool> masks)
    {
        _rows = rows;
        int actions = Actions;
        int length = rows * actions;
        bool masked = !masks.IsEmpty;
        ref float z = ref MemoryMarshal.GetReference(logits);
        ref bool allowed = ref MemoryMarshal.GetReference(masks);
        ref double columns = ref MemoryMarshal.GetArrayDataReference(_logits);
        ref double shifted = ref MemoryMarshal.GetArrayDataReference(_probabilities);
        ref double maxes = ref MemoryMarshal.GetArrayDataReference(_entropies);

        // Per row: the largest allowed logit (kept in the entropy slot until the end) and, action-major, the logits and
        // logit − max (a float difference, as in the one-row methods; −∞ where masked). Without masks, the logits are
        // first copied action-major and the maxima taken in vector lanes over the rows (no data-dependent branches).
        int floatRows = masked || !Vector.IsHardwareAccelerated ? 0 : rows - (rows % Vector<float>.Count);
        if (floatRows > 0)
        {
            ref float transposed = ref MemoryMarshal.GetArrayDataReference(_floatLogits);
            for (int r = 0; r < floatRows; r++)
            {
                ref float row = ref Unsafe.Add(ref z, r * stride);
                for (int j = 0; j < actions; j++)
                {
                    Unsafe.Add(ref transposed, (j * rows) + r) = Unsafe.Add(ref row, j);
                }
            }

            ShiftByRowMaxima(ref transposed, ref columns, ref shifted, ref maxes, rows, floatRows, actions);
        }

        for (int r = floatRows; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref z, r * stride);
            ref bool mask = ref Unsafe.Add(ref allowed, r * actions);
            float max = float.NegativeInfinity;
            for (int j = 0; j < actions; j++)
            {
                if ((!masked || Unsafe.Add(ref mask, j)) && Unsafe.Add(ref row, j) > max)
                {
                    max = Unsafe.Add(ref row, j);
                }
            }

            Unsafe.Add(ref maxes, r) = max;
            for (int j = 0; j < actions; j++)
            {
                float logit = Unsafe.Add(ref row, j);
                Unsafe.Add(ref columns, (j * rows) + r) = logit;
                Unsafe.Add(ref shifted, (j * rows) + r) = !masked || Unsafe.Add(ref mask, j) ? logit - max : double.NegativeInfinity;
            }
        }

        Span<double> probabilities = _probabilities.AsSpan(0, length);
        TensorPrimitives.Exp(probabilities, probabilities);
        if (masked)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < actions; j++)
                {
                    if (!masks[(r * actions) + j])
                    {
                        probabilities[(j * rows) + r] = 0;
                    }
                }
            }
        }

        // Each row's sum of exponentials (in action order from 0), the probabilities, then the log-normalizers from the
        // sums' logarithms and the entropies −Σ π(j)·(logit_j − log-normalizer) over the actions with π(j) > 0.
        ref double p = ref MemoryMarshal.GetArrayDataReference(_probabilities);
        ref double normalizers = ref MemoryMarshal.GetArrayDataReference(_logNormalizers);
        int width = Vector<double>.Count;
        int vectorRows = Vector.IsHardwareAccelerated ? rows - (rows % width) : 0;
        for (int r = 0; r < vectorRows; r += width)
        {
            Vector<double> sum = Vector<double>.Zero;
            for (int j = 0; j < actions; j++)
            {
                sum += Vector.LoadUnsafe(ref p, (nuint)((j * rows) + r));
            }

            for (int j = 0; j < actions; j++)
            {
                nuint at = (nuint)((j * rows) + r);
                (Vector.LoadUnsafe(ref p, at) / sum).StoreUnsafe(ref p, at);
            }

            sum.StoreUnsafe(ref normalizers, (nuint)r);
        }

        for (int r = vectorRows; r < rows; r++)
        {
            double sum = 0;
            for (int j = 0; j < actions; j++)
            {
                sum += Unsafe.Add(ref p, (j * rows) + r);
            }

            for (int j = 0; j < actions; j++)
            {
                Unsafe.Add(ref p, (j * rows) + r) /= sum;
            }

            Unsafe.Add(ref normalizers, r) = sum;
        }

        Span<double> logNormalizers = _logNormalizers.AsSpan(0, rows);
        TensorPrimitives.Log(logNormalizers, logNormalizers);
        for (int r = 0; r < vectorRows; r += width)
        {
            Vector<double> logNormalizer = Vector.LoadUnsafe(ref maxes, (nuint)r) + Vector.LoadUnsafe(ref normalizers, (nuint)r);
            logNormalizer.StoreUnsafe(ref normalizers, (nuint)r);
            Vector<double> entropy = Vector<double>.Zero;
            for (int j = 0; j < actions; j++)
            {
                nuint at = (nuint)((j * rows) + r);
                Vector<double> pj = Vector.LoadUnsafe(ref p, at);
                Vector<double> term = pj * (Vector.LoadUnsafe(ref columns, at) - logNormalizer);
                entropy = Vector.ConditionalSelect(Vector.GreaterThan(pj, Vector<double>.Zero), entropy - term, entropy);
            }

            entropy.StoreUnsafe(ref maxes, (nuint)r);
        }

        for (int r = vectorRows; r < rows; r++)
        {
            double logNormalizer = Unsafe.Add(ref maxes, r) + Unsafe.Add(ref normalizers, r);
            Unsafe.Add(ref normalizers, r) = logNormalizer;
            double entropy = 0;
            for (int j = 0; j < actions; j++)
            {
                double pj = Unsafe.Add(ref p, (j * rows) + r);
                if (pj > 0)
                {
                    entropy -= pj * (Unsafe.Add(ref columns, (j * rows) + r) - logNormalizer);
                }
            }

            Unsafe.Add(ref maxes, r) = entropy;
        }
    }

    // For rows [0, count) of the action-major float logits (count a multiple of the float vector width): each row's
    // maximum (a later logit replaces it only when greater, as in the one-row methods) widened into maxes, and the
    // logits and the float differences logit − max widened into the action-major double buffers.
    private static void ShiftByRowMaxima(ref float transposed, ref double columns, ref double shifted, ref double maxes, int rows, int count, int actions)
    {
        int width = Vector<float>.Count;
        for (int r = 0; r < count; r += width)
        {
            var max = new Vector<float>(float.NegativeInfinity);
            for (int j = 0; j < actions; j++)
            {
                Vector<float> logit = Vector.LoadUnsafe(ref transposed, (nuint)((j * rows) + r));
                max = Vector.ConditionalSelect(Vector.GreaterThan(logit, max), logit, max);
            }

            Vector.Widen(max, out Vector<double> low, out Vector<double> high);
            low.StoreUnsafe(ref maxes, (nuint)r);
            high.StoreUnsafe(ref maxes, (nuint)(r + (width / 2)));
            for (int j = 0; j < actions; j++)
            {
                nuint at = (nuint)((j * rows) + r);
                Vector<float> logit = Vector.LoadUnsafe(ref transposed, at);
                Vector.Widen(logit, out low, out high);
                low.StoreUnsafe(ref columns, at);
                high.StoreUnsafe(ref columns, at + (nuint)(width / 2));
                Vector.Widen(logit - max, out low, out high);
                low.StoreUnsafe(ref shifted, at);
                high.StoreUnsafe(ref shifted, at + (nuint)(width / 2));
            }
        }
    }

    /// <summary>
    /// Adds, for every row of the last <see cref="Normalize"/>, ∂/∂z of <c>w_r · log π(a_r) + w_H · H</c> to
    /// <c>gradient[r·stride .. r·stride + Actions)</c>: ∂log π(a)/∂z_j = [j = a] − π(j) and ∂H/∂z_j = −π(j)·(log π(j) + H);
    /// masked actions are left as they are. Unchecked: every action is a valid, allowed index.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public void AccumulateGradient(ReadOnlySpan<bool> masks, ReadOnlySpan<float> actions, ReadOnlySpan<float> logProbabilityWeights, float entropyWeight, Span<float> gradient, int stride)
    {
        int rows = _rows;
        int count = Actions;
        ref double columns = ref MemoryMarshal.GetArrayDataReference(_logits);
        ref double p = ref MemoryMarshal.GetArrayDataReference(_probabilities);
        ref double values = ref MemoryMarshal.GetArrayDataReference(_scratch);
        ref double normalizers = ref MemoryMarshal.GetArrayDataReference(_logNormalizers);
        ref double entropies = ref MemoryMarshal.GetArrayDataReference(_entropies);
        ref float weights = ref MemoryMarshal.GetReference(logProbabilityWeights);

        // Every action as if it were not the one taken, w·(0 − π(j)) − w_H·π(j)·(logit_j − log-normalizer + H), in vector
        // lanes over the rows; the taken action's value is computed below with its indicator 1.
        int width = Vector<double>.Count;
        int vectorRows = Vector.IsHardwareAccelerated ? rows - (rows % width) : 0;
        var entropyScale = new Vector<double>(entropyWeight);
        Span<double> weightLanes = stackalloc double[width];
        for (int r = 0; r < vectorRows; r += width)
        {
            for (int lane = 0; lane < width; lane++)
            {
                weightLanes[lane] = Unsafe.Add(ref weights, r + lane);
            }

            var weight = new Vector<double>(weightLanes);
            Vector<double> logNormalizer = Vector.LoadUnsafe(ref normalizers, (nuint)r);
            Vector<double> entropy = Vector.LoadUnsafe(ref entropies, (nuint)r);
            for (int j = 0; j < count; j++)
            {
                nuint at = (nuint)((j * rows) + r);
                Vector<double> pj = Vector.LoadUnsafe(ref p, at);
                Vector<double> value = weight * (Vector<double>.Zero - pj);
                if (entropyWeight != 0)
                {
                    value -= entropyScale * pj * (Vector.LoadUnsafe(ref columns, at) - logNormalizer + entropy);
                }

                value.StoreUnsafe(ref values, at);
            }
        }

        for (int r = vectorRows; r < rows; r++)
        {
            for (int j = 0; j < count; j++)
            {
                Unsafe.Add(ref values, (j * rows) + r) = Value(ref p, ref columns, ref normalizers, ref entropies, rows, Unsafe.Add(ref weights, r), entropyWeight, 0.0, r, j);
            }
        }

        bool masked = !masks.IsEmpty;
        ref float g = ref MemoryMarshal.GetReference(gradient);
        for (int r = 0; r < rows; r++)
        {
            int action = (int)actions[r];
            ref float rowGradient = ref Unsafe.Add(ref g, r * stride);
            if (masked)
            {
                for (int j = 0; j < count; j++)
                {
                    if (masks[(r * count) + j])
                    {
                        double value = j == action ? Value(ref p, ref columns, ref normalizers, ref entropies, rows, Unsafe.Add(ref weights, r), entropyWeight, 1.0, r, j) : Unsafe.Add(ref values, (j * rows) + r);
                        Unsafe.Add(ref rowGradient, j) += (float)value;
                    }
                }

                continue;
            }

            // Without masks, every action gets its lane value and the taken action's is then replaced (its gradient
            // entry restored first), with no data-dependent branch per action.
            float taken = Unsafe.Add(ref rowGradient, action);
            for (int j = 0; j < count; j++)
            {
                Unsafe.Add(ref rowGradient, j) += (float)Unsafe.Add(ref values, (j * rows) + r);
            }

            Unsafe.Add(ref rowGradient, action) = taken + (float)Value(ref p, ref columns, ref normalizers, ref entropies, rows, Unsafe.Add(ref weights, r), entropyWeight, 1.0, r, action);
        }
    }

    // One gradient value: w·(indicator − π(j)) − w_H·π(j)·(logit_j − log-normalizer + H), the one-row expression.
    private static double Value(ref double p, ref double columns, ref double normalizers, ref double entropies, int rows, double weight, double entropyScale, double indicator, int r, int j)
    {
        int at = (j * rows) + r;
        double pj = Unsafe.Add(ref p, at);
        double value = weight * (indicator - pj);
        if (entropyScale != 0)
        {
            value -= entropyScale * pj * (Unsafe.Add(ref columns, at) - Unsafe.Add(ref normalizers, r) + Unsafe.Add(ref entropies, r));
        }

        return value;
    }
}
