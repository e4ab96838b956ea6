using BenchmarkDotNet.Attributes;
using RlCommons.Algorithms.Contextual;

namespace RlCommons.Benchmarks.Contextual;

/// <summary>
/// One ε-greedy ridge step (decide, then learn the chosen arm's reward with the same features), K = 10 arms.
/// No naive baseline: the decision is K dot products; the cost is the O(d²) update, shared with LinUCB.
/// </summary>
public class LinearEpsilonGreedyBenchmarks
{
    private const int Arms = 10;

    private ContextualWorkload _workload = null!;
    private LinearEpsilonGreedyBandit _bandit = null!;
    private int _next;

    [Params(20)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new ContextualWorkload(Dimension, Arms, seed: 2007);
        _bandit = new LinearEpsilonGreedyBandit(new LinearEpsilonGreedyOptions { Dimension = Dimension, ArmCount = Arms, Seed = 7 });
        for (int i = 0; i < 2000; i++)
        {
            DecideAndUpdate();
        }
    }

    [Benchmark]
    public int DecideAndUpdate()
    {
        int c = _next++;
        ReadOnlySpan<float> x = _workload.Features(c);
        int arm = _bandit.Decide(x).Action;
        _bandit.Update(arm, x, _workload.Reward(c, arm));
        return arm;
    }
}
