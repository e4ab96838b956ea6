using System.Globalization;
using RlCommons.Neural.Layers;
using RlCommons.Schedules;

namespace RlCommons.Neural.Optimizers;

/// <summary>
/// Stochastic gradient descent with PyTorch's momentum: the buffer starts as the first gradient, then
/// b ← μb + (1 − dampening)g; the step is b, or g + μb with Nesterov.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float _momentum;
    private readonly float _dampening;
    private readonly bool _nesterov;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The learning rate schedule.</param>
    /// <param name="momentum">μ in [0, 1); the default is 0 (plain SGD).</param>
    /// <param name="dampening">In [0, 1); the default is 0.</param>
    /// <param name="nesterov">Nesterov momentum (needs μ &gt; 0 and no dampening); the default is false.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    /// <exception cref="ArgumentException">Nesterov is asked for without momentum or with dampening.</exception>
    public Sgd(IReadOnlyList<Parameter> parameters, Schedule learningRate, double momentum = 0, double dampening = 0, bool nesterov = false)
        : base(parameters, learningRate, 1)
    {
        Adam.CheckUnit(momentum, nameof(momentum));
        Adam.CheckUnit(dampening, nameof(dampening));
        if (nesterov && (momentum == 0 || dampening != 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Nesterov momentum requires momentum > 0 and dampening = 0, got {momentum} and {dampening}."), nameof(nesterov));
        }

        _momentum = (float)momentum;
        _dampening = (float)dampening;
        _nesterov = nesterov;
    }

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.Neural.Sgd";

    /// <summary>b ← g on step 1, else μb + (1 − dampening)g; θ ← θ − lr · (Nesterov ? g + μb : b).</summary>
    private protected override void Update(int index, Span<float> values, ReadOnlySpan<float> gradients, double learningRate, long step)
    {
        float lr = (float)learningRate;
        float mu = _momentum;
        if (mu == 0f)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] -= lr * gradients[i];
            }

            return;
        }

        Span<float> buffer = State(0, index);
        float keep = 1f - _dampening;
        for (int i = 0; i < values.Length; i++)
        {
            float g = gradients[i];
            float b = step == 1 ? g : (mu * buffer[i]) + (keep * g);
            buffer[i] = b;
            values[i] -= lr * (_nesterov ? g + (mu * b) : b);
        }
    }
}
