using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using RlCommons.Neural.Activations;
using RlCommons.Neural.Initializers;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Randomness;
using RlCommons.Schedules;

namespace RlCommons.Benchmarks.Neural;

/// <summary>
/// A PPO-sized actor-critic 8 → 64 → 64 (tanh) → (4 logits + 1 value), SB3's MlpPolicy with a shared trunk and
/// orthogonal heads: one training step at batch 64 (forward, softmax cross-entropy gradient on the logits head and
/// squared error on the value head, backward, Adam) and its forward-backward part. Must allocate nothing.
/// </summary>
public class PolicyValueMlpBenchmarks
{
    private const int Batch = 64;
    private const int Actions = 4;

    private Mlp _net = null!;
    private Adam _adam = null!;
    private float[] _inputs = null!;
    private int[] _actions = null!;
    private float[] _returns = null!;
    private float[] _gradient = null!;
    private int _logits;
    private int _value;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Xoshiro256Random(2025);
        _net = new Mlp(
            new MlpOptions
            {
                InputSize = 8,
                HiddenSizes = [64, 64],
                Activation = Activation.Tanh,
                Heads = [new MlpHead("logits", Actions, gain: 0.01), new MlpHead("value", 1, gain: 1.0)],
                Initialization = WeightInitialization.Orthogonal,
                MaxBatchSize = Batch,
            },
            random);
        _adam = new Adam(_net.Parameters, Schedule.Constant(3e-4));
        _logits = _net.HeadIndex("logits");
        _value = _net.HeadIndex("value");
        _inputs = new float[Batch * 8];
        _actions = new int[Batch];
        _returns = new float[Batch];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)((2 * random.NextDouble()) - 1);
        }

        for (int b = 0; b < Batch; b++)
        {
            _actions[b] = random.Next(Actions);
            _returns[b] = (float)((4 * random.NextDouble()) - 2);
        }

        _gradient = new float[Batch * _net.OutputSize];
    }

    [Benchmark]
    public float TrainStep()
    {
        float loss = ForwardBackward();
        _adam.Step();
        return loss;
    }

    [Benchmark]
    public float ForwardBackward()
    {
        ReadOnlySpan<float> outputs = _net.Forward(_inputs, Batch);

        // dL/dlogits = (softmax − onehot(a)) / B; dL/dv = (v − R) / B for L = mean(½(v − R)²).
        const float Scale = 1f / Batch;
        float valueLoss = 0f;
        for (int b = 0; b < Batch; b++)
        {
            Span<float> g = _net.HeadGradient(_gradient, _logits, b);
            TensorPrimitives.SoftMax(_net.HeadOutput(outputs, _logits, b), g);
            g[_actions[b]] -= 1f;
            TensorPrimitives.Multiply(g, Scale, g);
            float error = _net.HeadOutput(outputs, _value, b)[0] - _returns[b];
            _net.HeadGradient(_gradient, _value, b)[0] = error * Scale;
            valueLoss += 0.5f * error * error * Scale;
        }

        _net.Backward(_gradient);
        return valueLoss;
    }
}
