using BenchmarkDotNet.Attributes;
using RlCommons.Neural.Activations;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Losses;
using RlCommons.Neural.Optimizers;
using RlCommons.Randomness;
using RlCommons.Schedules;

namespace RlCommons.Benchmarks.Neural;

/// <summary>
/// The largest network of the targets, 32 → 256 → 128 → 64 → 10 (ReLU) at batch 256, where the products are big
/// enough to be split across two threads: one training step (forward, MSE, backward, Adam), the forward-backward
/// part alone and the forward pass alone. Must allocate nothing.
/// </summary>
public class WideMlpTrainingBenchmarks
{
    private const int Batch = 256;

    private Mlp _net = null!;
    private Adam _adam = null!;
    private float[] _inputs = null!;
    private float[] _targets = null!;
    private float[] _gradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Xoshiro256Random(2026);
        _net = new Mlp(new MlpOptions { InputSize = 32, HiddenSizes = [256, 128, 64], OutputSize = 10, Activation = Activation.Relu, MaxBatchSize = Batch }, random);
        _adam = new Adam(_net.Parameters, Schedule.Constant(1e-3));
        _inputs = new float[Batch * 32];
        _targets = new float[Batch * 10];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)((2 * random.NextDouble()) - 1);
        }

        for (int i = 0; i < _targets.Length; i++)
        {
            _targets[i] = (float)random.NextDouble();
        }

        _gradient = new float[Batch * 10];
    }

    [Benchmark]
    public float TrainStep()
    {
        float loss = MeanSquaredError.Compute(_net.Forward(_inputs, Batch), _targets, _gradient);
        _net.Backward(_gradient);
        _adam.Step();
        return loss;
    }

    [Benchmark]
    public float ForwardBackward()
    {
        float loss = MeanSquaredError.Compute(_net.Forward(_inputs, Batch), _targets, _gradient);
        _net.Backward(_gradient);
        return loss;
    }

    [Benchmark]
    public float ForwardBatch() => _net.Forward(_inputs, Batch)[0];
}
