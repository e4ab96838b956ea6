using BenchmarkDotNet.Attributes;
using RlCommons.Buffers;
using RlCommons.Algorithms.PolicyGradient;
using RlCommons.Randomness;

namespace RlCommons.Benchmarks.PolicyGradient;

/// <summary>
/// One PPO gradient step on a minibatch of 64 for an 8-input, 4-action agent: shuffle, gather, forward, clipped
/// surrogate, value loss and entropy, backward, global-norm clipping and Adam. With <see cref="SharedNetwork"/> the
/// network is one 8 → 64 → 64 → (4 + 1) tanh MLP with a policy and a value head (the benchmark network);
/// without, SB3's separate actor (8 → 64 → 64 → 4) and critic (8 → 64 → 64 → 1). Must allocate nothing.
/// </summary>
public class PpoUpdateBenchmarks
{
    private const int Batch = 64;

    private PpoAgent _agent = null!;

    /// <summary>Whether the policy and value share their hidden layers.</summary>
    [Params(false, true)]
    public bool SharedNetwork { get; set; }
    private RolloutBuffer _buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Xoshiro256Random(2024);
        _agent = new PpoAgent(8, 4, new PpoOptions { SharedNetwork = SharedNetwork, Seed = 1, Environments = 1, NSteps = Batch, BatchSize = Batch, Epochs = 1, EntropyCoefficient = 0.01 });
        _buffer = new RolloutBuffer(Batch, 1, 8, 1);
        var observation = new float[8];
        for (int t = 0; t < Batch; t++)
        {
            for (int i = 0; i < observation.Length; i++)
            {
                observation[i] = (float)((2 * random.NextDouble()) - 1);
            }

            // A log-probability near log(1/4), as a fresh policy gives.
            _buffer.Add(observation, [random.Next(4)], [(float)random.NextDouble()], [t == 0], [(float)random.NextDouble()], [-1.3f - (0.2f * (float)random.NextDouble())]);
        }

        _buffer.ComputeReturnsAndAdvantages([0f], [false], 0.99, 0.95);
    }

    /// <summary>One minibatch of 64: the whole update of a 64-row rollout with one epoch.</summary>
    [Benchmark]
    public long Update()
    {
        _agent.Train(_buffer, 1.0);
        return _agent.GradientSteps;
    }
}
