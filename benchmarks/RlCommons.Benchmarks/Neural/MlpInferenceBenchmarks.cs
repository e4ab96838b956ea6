using BenchmarkDotNet.Attributes;
using RlCommons.Neural.Activations;
using RlCommons.Neural.Layers;
using RlCommons.Randomness;

namespace RlCommons.Benchmarks.Neural;

/// <summary>
/// Single-state inference (acting in an environment): <see cref="Mlp.Predict"/> on the three target networks
/// (ReLU hidden layers) against a naive scalar loop over the same weights. Must allocate nothing.
/// </summary>
public class MlpInferenceBenchmarks
{
    private Mlp _net = null!;
    private float[] _state = null!;
    private float[] _output = null!;
    private float[] _scratchA = null!;
    private float[] _scratchB = null!;

    /// <summary>The layer sizes, input first.</summary>
    [Params("4-64-64-2", "8-64-64-5", "32-256-128-64-10")]
    public string Shape { get; set; } = "4-64-64-2";

    [GlobalSetup]
    public void Setup()
    {
        int[] sizes = Shape.Split('-').Select(int.Parse).ToArray();
        var random = new Xoshiro256Random(2027);
        _net = new Mlp(new MlpOptions { InputSize = sizes[0], HiddenSizes = sizes[1..^1], OutputSize = sizes[^1], Activation = Activation.Relu, MaxBatchSize = 1 }, random);
        _state = new float[sizes[0]];
        for (int i = 0; i < _state.Length; i++)
        {
            _state[i] = (float)((2 * random.NextDouble()) - 1);
        }

        _output = new float[sizes[^1]];
        _scratchA = new float[sizes.Max()];
        _scratchB = new float[sizes.Max()];
    }

    [Benchmark(Baseline = true)]
    public float PredictScalar()
    {
        float[] x = _state;
        float[] y = _scratchA;
        IReadOnlyList<DenseLayer> layers = _net.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            DenseLayer layer = layers[l];
            ReadOnlySpan<float> w = layer.Weight.Values;
            ReadOnlySpan<float> bias = layer.Bias.Values;
            bool last = l == layers.Count - 1;
            float[] target = last ? _output : y;
            for (int o = 0; o < layer.OutputSize; o++)
            {
                float sum = bias[o];
                for (int i = 0; i < layer.InputSize; i++)
                {
                    sum += w[(o * layer.InputSize) + i] * x[i];
                }

                target[o] = last ? sum : Math.Max(sum, 0f);
            }

            x = target;
            y = ReferenceEquals(y, _scratchA) ? _scratchB : _scratchA;
        }

        return _output[0];
    }

    [Benchmark]
    public float Predict()
    {
        _net.Predict(_state, _output);
        return _output[0];
    }
}
