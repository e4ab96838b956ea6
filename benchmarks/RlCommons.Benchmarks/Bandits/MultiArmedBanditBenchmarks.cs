using BenchmarkDotNet.Attributes;
using RlCommons.Algorithms.Bandits;

namespace RlCommons.Benchmarks.Bandits;

/// <summary>The algorithms measured by <see cref="MultiArmedBanditBenchmarks"/>.</summary>
public enum MabAlgorithm
{
    EpsilonGreedy,
    Ucb1,
    Softmax,
    Exp3,
    BetaThompsonNoPropensity,
    BetaThompson,
    GaussianThompson,
}

/// <summary>
/// One context-free decision and one reward update, measured separately, for each bandit with 10 arms in a
/// steady state (every arm has rewards). Target: Decide ≤ 20 ns and Update ≤ 20 ns with nothing allocated.
/// There is no naive baseline: the bandits themselves are the simplest implementations of their rules.
/// </summary>
public class MultiArmedBanditBenchmarks
{
    private const int Arms = 10;
    private const int Inputs = 1024;

    private readonly int[] _arms = new int[Inputs];
    private readonly double[] _rewards = new double[Inputs];
    private MultiArmedBandit _bandit = null!;
    private readonly Decision[] _decisions = new Decision[Arms];
    private int _next;

    /// <summary>
    /// The bandit under test. BetaThompsonNoPropensity sets PropensityDraws = 0; BetaThompson and GaussianThompson use the
    /// default (the numerical integral; until 2026-12-06 it was a Monte Carlo estimate from 100 draws, see
    /// <see cref="ThompsonPropensityBenchmarks"/>).
    /// </summary>
    [Params(
        MabAlgorithm.EpsilonGreedy,
        MabAlgorithm.Ucb1,
        MabAlgorithm.Softmax,
        MabAlgorithm.Exp3,
        MabAlgorithm.BetaThompsonNoPropensity,
        MabAlgorithm.BetaThompson,
        MabAlgorithm.GaussianThompson)]
    public MabAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const long seed = 42;
        _bandit = Algorithm switch
        {
            MabAlgorithm.EpsilonGreedy => new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = Arms, Seed = seed }),
            MabAlgorithm.Ucb1 => new Ucb1Bandit(new Ucb1Options { ArmCount = Arms, Seed = seed }),
            MabAlgorithm.Softmax => new SoftmaxBandit(new SoftmaxOptions { ArmCount = Arms, Seed = seed }),
            MabAlgorithm.Exp3 => new Exp3Bandit(new Exp3Options { ArmCount = Arms, Seed = seed }),
            MabAlgorithm.BetaThompsonNoPropensity => new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = Arms, Seed = seed, PropensityDraws = 0 }),
            MabAlgorithm.BetaThompson => new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = Arms, Seed = seed }),
            MabAlgorithm.GaussianThompson => new GaussianThompsonSamplingBandit(new GaussianThompsonSamplingOptions { ArmCount = Arms, Seed = seed }),
            _ => throw new ArgumentOutOfRangeException(nameof(Algorithm), Algorithm, "Unknown algorithm."),
        };

        // Bernoulli rewards with arm means 0.05, 0.15, …, 0.95: valid for every algorithm (EXP3 and Beta need [0, 1]).
        var random = new Random(12345);
        for (int i = 0; i < Inputs; i++)
        {
            _arms[i] = random.Next(Arms);
            _rewards[i] = random.NextDouble() < (0.05 + (0.1 * _arms[i])) ? 1.0 : 0.0;
        }

        // Steady state: every arm has history, as after a while in production.
        for (int i = 0; i < 2000; i++)
        {
            Decision decision = _bandit.Decide();
            _bandit.Update(decision, _rewards[i % Inputs]);
        }

        // One recorded decision per arm, carrying that arm's probability (EXP3's scores are its probabilities;
        // the other bandits ignore the propensity on update).
        var scores = new double[Arms];
        Decision last = _bandit.Decide(scores);
        for (int arm = 0; arm < Arms; arm++)
        {
            _decisions[arm] = last with { Action = arm, Propensity = Algorithm == MabAlgorithm.Exp3 ? scores[arm] : last.Propensity };
        }
    }

    [Benchmark]
    public Decision Decide() => _bandit.Decide();

    /// <summary>
    /// Update through a recorded decision (the path that gives EXP3 its importance weight). The arm and reward
    /// cycle through fixed-seed inputs.
    /// </summary>
    [Benchmark]
    public long Update()
    {
        int i = _next++ & (Inputs - 1);
        _bandit.Update(_decisions[_arms[i]], _rewards[i]);
        return _bandit.UpdateCount;
    }
}
