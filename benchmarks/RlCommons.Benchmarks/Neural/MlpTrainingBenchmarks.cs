using BenchmarkDotNet.Attributes;
using RlCommons.Neural.Activations;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Losses;
using RlCommons.Neural.Optimizers;
using RlCommons.Randomness;
using RlCommons.Schedules;

namespace RlCommons.Benchmarks.Neural;

/// <summary>
/// The RL-sized network 4 → 64 → 64 → 2 (ReLU) of a CartPole DQN: one training step at batch 64 (forward,
/// Huber loss, backward, Adam), its parts, and one single-state inference. All must allocate nothing.
/// </summary>
public class MlpTrainingBenchmarks
{
    private const int Batch = 64;

    private Mlp _net = null!;
    private Adam _adam = null!;
    private float[] _inputs = null!;
    private float[] _targets = null!;
    private float[] _gradient = null!;
    private float[] _state = null!;
    private float[] _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Xoshiro256Random(2024);
        _net = new Mlp(new MlpOptions { InputSize = 4, HiddenSizes = [64, 64], OutputSize = 2, Activation = Activation.Relu, MaxBatchSize = Batch }, random);
        _adam = new Adam(_net.Parameters, Schedule.Constant(1e-3));
        _inputs = new float[Batch * 4];
        _targets = new float[Batch * 2];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)((2 * random.NextDouble()) - 1);
        }

        for (int i = 0; i < _targets.Length; i++)
        {
            _targets[i] = (float)random.NextDouble();
        }

        _gradient = new float[Batch * 2];
        _state = [0.01f, -0.02f, 0.03f, 0.04f];
        _output = new float[2];
    }

    [Benchmark]
    public float TrainStep()
    {
        float loss = HuberLoss.Compute(_net.Forward(_inputs, Batch), _targets, _gradient);
        _net.Backward(_gradient);
        _adam.Step();
        return loss;
    }

    [Benchmark]
    public float ForwardBackward()
    {
        float loss = HuberLoss.Compute(_net.Forward(_inputs, Batch), _targets, _gradient);
        _net.Backward(_gradient);
        return loss;
    }

    [Benchmark]
    public long AdamStep()
    {
        _adam.Step();
        return _adam.StepCount;
    }

    [Benchmark]
    public float ForwardBatch() => _net.Forward(_inputs, Batch)[0];

    [Benchmark]
    public float PredictOneState()
    {
        _net.Predict(_state, _output);
        return _output[0];
    }
}
