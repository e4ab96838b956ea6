using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using RlCommons.Neural.Activations;
using RlCommons.Randomness;

namespace RlCommons.Benchmarks.Neural;

/// <summary>
/// The tanh activation of one 64-wide hidden layer at batch 64 (4,096 values in [−3, 3]): the library's rational
/// kernel against <c>TensorPrimitives.Tanh</c>, which it replaced.
/// </summary>
public class TanhBenchmarks
{
    private const int Count = 64 * 64;
    private readonly float[] _input = new float[Count];
    private readonly float[] _output = new float[Count];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Xoshiro256Random(7);
        for (int i = 0; i < Count; i++)
        {
            _input[i] = (float)((6 * random.NextDouble()) - 3);
        }
    }

    [Benchmark(Baseline = true)]
    public float TensorPrimitivesTanh()
    {
        TensorPrimitives.Tanh(_input, _output);
        return _output[Count - 1];
    }

    [Benchmark]
    public float Kernel()
    {
        TanhKernel.Apply(_input, _output);
        return _output[Count - 1];
    }
}
