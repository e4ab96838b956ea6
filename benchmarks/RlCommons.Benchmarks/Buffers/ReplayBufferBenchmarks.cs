using BenchmarkDotNet.Attributes;
using RlCommons.Buffers;
using RlCommons.Randomness;

namespace RlCommons.Benchmarks.Buffers;

/// <summary>
/// Adding one transition and sampling one minibatch from full buffers of 8-dimensional observations with
/// discrete actions: uniform sampling is the baseline for prioritized sampling (stratified sum-tree search
/// plus importance weights). Target: nothing allocated in any method.
/// </summary>
public class ReplayBufferBenchmarks
{
    private const int ObservationDimension = 8;
    private const int Inputs = 1024;

    private readonly float[] _observations = new float[Inputs * ObservationDimension];
    private readonly float[] _tdErrors = new float[Inputs];
    private ReplayBuffer _uniform = null!;
    private PrioritizedReplayBuffer _prioritized = null!;
    private ReplayBatch _batch = null!;
    private readonly Xoshiro256Random _random = new(42);
    private int _next;

    /// <summary>The number of transitions the buffers hold.</summary>
    [Params(10_000, 100_000)]
    public int Capacity { get; set; }

    /// <summary>The minibatch size (DQN in SB3 uses 32, many continuous-control setups 256).</summary>
    [Params(32, 256)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(12345);
        for (int i = 0; i < _observations.Length; i++)
        {
            _observations[i] = (float)((random.NextDouble() * 2) - 1);
        }

        for (int i = 0; i < Inputs; i++)
        {
            _tdErrors[i] = (float)(random.NextDouble() * 3);
        }

        _uniform = new ReplayBuffer(Capacity, ObservationDimension);
        _prioritized = new PrioritizedReplayBuffer(Capacity, ObservationDimension, 0.6);
        for (int t = 0; t < Capacity; t++)
        {
            ReadOnlySpan<float> obs = Observation(t), next = Observation(t + 1);
            _uniform.Add(obs, t % 4, 1f, next, false, false);
            _prioritized.Add(obs, t % 4, 1f, next, false, false);
        }

        _batch = _uniform.CreateBatch(BatchSize);
        for (int start = 0; start + BatchSize <= Capacity; start += BatchSize)
        {
            // Spread the priorities so the sum tree is not uniform.
            _prioritized.Sample(BatchSize, 0.4, _random, _batch);
            _prioritized.UpdatePriorities(_batch.Indices, _tdErrors.AsSpan(start % (Inputs - BatchSize), BatchSize));
        }
    }

    [Benchmark]
    public int AddUniform()
    {
        int t = _next++;
        return _uniform.Add(Observation(t), t & 3, 1f, Observation(t + 1), false, false);
    }

    [Benchmark]
    public int AddPrioritized()
    {
        int t = _next++;
        return _prioritized.Add(Observation(t), t & 3, 1f, Observation(t + 1), false, false);
    }

    [Benchmark(Baseline = true)]
    public int SampleUniform()
    {
        _uniform.Sample(BatchSize, _random, _batch);
        return _batch.Indices[0];
    }

    [Benchmark]
    public int SamplePrioritized()
    {
        _prioritized.Sample(BatchSize, 0.4, _random, _batch);
        return _batch.Indices[0];
    }

    /// <summary>A prioritized sample followed by a priority update for the whole batch: one learner step's buffer work.</summary>
    [Benchmark]
    public double SampleAndUpdatePrioritized()
    {
        _prioritized.Sample(BatchSize, 0.4, _random, _batch);
        _prioritized.UpdatePriorities(_batch.Indices, _tdErrors.AsSpan(_next++ % (Inputs - BatchSize), BatchSize));
        return _prioritized.MaxPriority;
    }

    private ReadOnlySpan<float> Observation(int t) => _observations.AsSpan((t & (Inputs - 1)) * ObservationDimension, ObservationDimension);
}
