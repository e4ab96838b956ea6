using BenchmarkDotNet.Attributes;
using RlCommons.Algorithms.Contextual;

namespace RlCommons.Benchmarks.Contextual;

/// <summary>
/// One linear Thompson sampling step (decide, then learn the chosen arm's reward with the same features),
/// K = 10 arms, with the propensity off (PropensityDraws = 0, the baseline) and at its default (the numerical integral;
/// until 2026-12-06 the default was a Monte Carlo estimate from 100 draws).
/// </summary>
public class LinearThompsonBenchmarks
{
    private const int Arms = 10;

    private ContextualWorkload _workload = null!;
    private LinearThompsonSamplingBandit _noPropensity = null!;
    private LinearThompsonSamplingBandit _withPropensity = null!;
    private int _next;

    [Params(20)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new ContextualWorkload(Dimension, Arms, seed: 2013);
        _noPropensity = new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { Dimension = Dimension, ArmCount = Arms, ExplorationScale = 0.1, PropensityDraws = 0, Seed = 7 });
        _withPropensity = new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { Dimension = Dimension, ArmCount = Arms, ExplorationScale = 0.1, Seed = 7 });
        for (int i = 0; i < 2000; i++)
        {
            Step(_noPropensity);
            Step(_withPropensity);
        }
    }

    [Benchmark(Baseline = true)]
    public int DecideAndUpdateNoPropensity() => Step(_noPropensity);

    [Benchmark]
    public int DecideAndUpdate() => Step(_withPropensity);

    private int Step(LinearThompsonSamplingBandit bandit)
    {
        int c = _next++;
        ReadOnlySpan<float> x = _workload.Features(c);
        int arm = bandit.Decide(x).Action;
        bandit.Update(arm, x, _workload.Reward(c, arm));
        return arm;
    }
}
