using RlCommons.Neural.Layers;
using RlCommons.Schedules;

namespace RlCommons.Neural.Optimizers;

/// <summary>
/// RMSprop (Hinton's lecture 6e) with PyTorch's arithmetic: s ← αs + (1 − α)g², θ ← θ − lr · g / (√s + ε).
/// </summary>
public sealed class RmsProp : Optimizer
{
    private readonly float _alpha;
    private readonly float _epsilon;

    /// <summary>Creates the optimizer with a zero square average.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The learning rate schedule (PyTorch's default is a constant 0.01).</param>
    /// <param name="alpha">The smoothing constant α in [0, 1); the default is 0.99 as in PyTorch.</param>
    /// <param name="epsilon">ε, positive; the default is 1e-8 as in PyTorch.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public RmsProp(IReadOnlyList<Parameter> parameters, Schedule learningRate, double alpha = 0.99, double epsilon = 1e-8)
        : base(parameters, learningRate, 1)
    {
        Adam.CheckUnit(alpha, nameof(alpha));
        if (!(double.IsFinite(epsilon) && epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a finite number greater than 0.");
        }

        _alpha = (float)alpha;
        _epsilon = (float)epsilon;
    }

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.Neural.RmsProp";

    /// <summary>s ← αs + (1 − α)g²; θ ← θ − lr · g / (√s + ε).</summary>
    private protected override void Update(int index, Span<float> values, ReadOnlySpan<float> gradients, double learningRate, long step)
    {
        Span<float> square = State(0, index);
        float lr = (float)learningRate;
        float a = _alpha;
        for (int i = 0; i < values.Length; i++)
        {
            float g = gradients[i];
            float s = (a * square[i]) + ((1f - a) * g * g);
            square[i] = s;
            values[i] -= lr * g / (MathF.Sqrt(s) + _epsilon);
        }
    }
}
