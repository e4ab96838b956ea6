using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using RlCommons.Neural.Layers;
using RlCommons.Schedules;

namespace RlCommons.Neural.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2015) with PyTorch's arithmetic: bias-corrected step size <c>lr / (1 − β₁ᵗ)</c> and
/// ε added after dividing √v by √(1 − β₂ᵗ).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;

    // The step size and bias correction depend only on the step and the learning rate, so they are computed once per
    // step (two Math.Pow calls), not once per parameter.
    private long _correctedStep = -1;
    private double _correctedRate = double.NaN;
    private float _stepSize;
    private float _correction2;

    /// <summary>Creates the optimizer with zero moments.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The learning rate schedule (PyTorch's default is a constant 0.001).</param>
    /// <param name="beta1">β₁ in [0, 1); the default is 0.9.</param>
    /// <param name="beta2">β₂ in [0, 1); the default is 0.999.</param>
    /// <param name="epsilon">ε, positive; the default is 1e-8.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public Adam(IReadOnlyList<Parameter> parameters, Schedule learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(parameters, learningRate, 2)
    {
        CheckUnit(beta1, nameof(beta1));
        CheckUnit(beta2, nameof(beta2));
        if (!(double.IsFinite(epsilon) && epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a finite number greater than 0.");
        }

        _beta1 = (float)beta1;
        _beta2 = (float)beta2;
        _epsilon = (float)epsilon;
    }

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.Neural.Adam";

    /// <summary>
    /// m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
    /// </summary>
    private protected override void Update(int index, Span<float> values, ReadOnlySpan<float> gradients, double learningRate, long step)
    {
        Span<float> m = State(0, index);
        Span<float> v = State(1, index);
        float b1 = _beta1;
        float b2 = _beta2;
        if (step != _correctedStep || !learningRate.Equals(_correctedRate))
        {
            _stepSize = (float)(learningRate / (1.0 - Math.Pow(_beta1, step)));
            _correction2 = (float)Math.Sqrt(1.0 - Math.Pow(_beta2, step));
            _correctedStep = step;
            _correctedRate = learningRate;
        }

        float stepSize = _stepSize;
        float correction2 = _correction2;
        float eps = _epsilon;
        int i = 0;

        // The same element-wise IEEE operations as the scalar tail, so results do not depend on the vector width.
        int width = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && values.Length >= width)
        {
            ref float rp = ref MemoryMarshal.GetReference(values);
            ref float rg = ref MemoryMarshal.GetReference(gradients);
            ref float rm = ref MemoryMarshal.GetReference(m);
            ref float rv = ref MemoryMarshal.GetReference(v);
            var vb1 = new Vector<float>(b1);
            var vb1c = new Vector<float>(1f - b1);
            var vb2 = new Vector<float>(b2);
            var vb2c = new Vector<float>(1f - b2);
            var vStep = new Vector<float>(stepSize);
            var vCorrection = new Vector<float>(correction2);
            var vEps = new Vector<float>(eps);
            for (; i <= values.Length - width; i += width)
            {
                nuint at = (nuint)i;
                Vector<float> g = Vector.LoadUnsafe(ref rg, at);
                Vector<float> mi = (vb1 * Vector.LoadUnsafe(ref rm, at)) + (vb1c * g);
                Vector<float> vi = (vb2 * Vector.LoadUnsafe(ref rv, at)) + (vb2c * g * g);
                mi.StoreUnsafe(ref rm, at);
                vi.StoreUnsafe(ref rv, at);
                Vector<float> p = Vector.LoadUnsafe(ref rp, at) - (vStep * mi / ((Vector.SquareRoot(vi) / vCorrection) + vEps));
                p.StoreUnsafe(ref rp, at);
            }
        }

        for (; i < values.Length; i++)
        {
            float g = gradients[i];
            float mi = (b1 * m[i]) + ((1f - b1) * g);
            float vi = (b2 * v[i]) + ((1f - b2) * g * g);
            m[i] = mi;
            v[i] = vi;
            values[i] -= stepSize * mi / ((MathF.Sqrt(vi) / correction2) + eps);
        }
    }

    internal static void CheckUnit(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be in [0, 1), was {value}."));
        }
    }
}
