using BenchmarkDotNet.Attributes;
using RlCommons.Benchmarks.Contextual;
using RlCommons.Algorithms.Contextual;
using RlCommons.Decisions;

namespace RlCommons.Benchmarks.Decisions;

/// <summary>
/// What the decision spine costs on top of the agent: one LinUCB step (d = 20, K = 10) made bare (decide, then learn the
/// chosen arm's reward) against the same step through a <see cref="DecisionPoint"/> — decide, event id, record, append to
/// an in-memory log, reward joined by event id and learned. Target: at most 300 ns more per decision, and nothing
/// allocated beyond the record (the record and its copy of the features). The log is bounded (4,096 decisions) so that
/// it allocates nothing once full, as a long-running service's would.
/// </summary>
public class DecisionPointBenchmarks
{
    private const int Arms = 10;
    private const int Dimension = 20;
    private const int WarmupSteps = 2000;

    private ContextualWorkload _workload = null!;
    private LinUcbBandit _bare = null!;
    private DecisionPoint _point = null!;
    private int _nextBare;
    private int _nextPoint;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new ContextualWorkload(Dimension, Arms, seed: 2010);
        _bare = NewBandit();
        _point = new DecisionPoint(NewBandit(), new DecisionPointOptions { Name = "benchmark", Seed = 3 }, new InMemoryDecisionLog(capacity: 4096));
        for (int i = 0; i < WarmupSteps; i++)
        {
            BareDecideAndUpdate();
            DecisionPointDecideAndReward();
        }
    }

    [Benchmark(Baseline = true)]
    public int BareDecideAndUpdate()
    {
        int c = _nextBare++;
        ReadOnlySpan<float> x = _workload.Features(c);
        int arm = _bare.Decide(x).Action;
        _bare.Update(arm, x, _workload.Reward(c, arm));
        return arm;
    }

    [Benchmark]
    public int DecisionPointDecideAndReward()
    {
        int c = _nextPoint++;
        DecisionRecord record = _point.Decide(_workload.Features(c));
        _point.Reward(record.EventId, _workload.Reward(c, record.Action));
        return record.Action;
    }

    private static LinUcbBandit NewBandit() => new(new LinUcbOptions { Dimension = Dimension, ArmCount = Arms, Alpha = 1.0, Seed = 7 });
}
