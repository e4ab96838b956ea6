using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RlCommons.Algorithms.Bandits;

namespace RlCommons.Benchmarks.Bandits;

/// <summary>
/// What a Thompson-sampling decision's propensity costs, 10 arms in a steady state (2000 decisions and Bernoulli rewards
/// with arm means 0.05, 0.15, …, 0.95 first). Baseline of each group: the former default, a Monte Carlo estimate from
/// 100 extra posterior draws (<c>PropensityDraws = 100</c>); against it the new default, the numerical integral
/// (<c>PropensityDraws = null</c>), and no propensity at all (<c>PropensityDraws = 0</c>, the cost of sampling alone).
/// <c>Decide</c> repeats decisions on a frozen posterior (the tables are built once); <c>DecideAndUpdate</c> learns the
/// chosen arm's reward after each decision, so the integral also pays for re-tabulating that arm. Target: Beta Decide with
/// default options ≤ 2 µs.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ThompsonPropensityBenchmarks
{
    private const int Arms = 10;
    private const int Inputs = 1024;
    private const long Seed = 42;

    private readonly double[] _successProbability = new double[Arms];
    private readonly double[] _uniforms = new double[Inputs];
    private ThompsonSamplingBandit _betaMonteCarlo = null!;
    private ThompsonSamplingBandit _betaIntegral = null!;
    private ThompsonSamplingBandit _betaNone = null!;
    private GaussianThompsonSamplingBandit _gaussianMonteCarlo = null!;
    private GaussianThompsonSamplingBandit _gaussianIntegral = null!;
    private readonly double[] _probabilities = new double[Arms];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(12345);
        for (int arm = 0; arm < Arms; arm++)
        {
            _successProbability[arm] = 0.05 + (0.1 * arm);
        }

        for (int i = 0; i < Inputs; i++)
        {
            _uniforms[i] = random.NextDouble();
        }

        _betaMonteCarlo = Warm(new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = Arms, Seed = Seed, PropensityDraws = 100 }));
        _betaIntegral = Warm(new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = Arms, Seed = Seed }));
        _betaNone = Warm(new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = Arms, Seed = Seed, PropensityDraws = 0 }));
        _gaussianMonteCarlo = Warm(new GaussianThompsonSamplingBandit(new GaussianThompsonSamplingOptions { ArmCount = Arms, Seed = Seed, PropensityDraws = 100 }));
        _gaussianIntegral = Warm(new GaussianThompsonSamplingBandit(new GaussianThompsonSamplingOptions { ArmCount = Arms, Seed = Seed }));
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("BetaDecide")]
    public Decision BetaDecideMonteCarlo100() => _betaMonteCarlo.Decide();

    [Benchmark]
    [BenchmarkCategory("BetaDecide")]
    public Decision BetaDecideIntegral() => _betaIntegral.Decide();

    [Benchmark]
    [BenchmarkCategory("BetaDecide")]
    public Decision BetaDecideNoPropensity() => _betaNone.Decide();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("BetaDecideAndUpdate")]
    public int BetaDecideAndUpdateMonteCarlo100() => Step(_betaMonteCarlo);

    [Benchmark]
    [BenchmarkCategory("BetaDecideAndUpdate")]
    public int BetaDecideAndUpdateIntegral() => Step(_betaIntegral);

    [Benchmark]
    [BenchmarkCategory("BetaDecideAndUpdate")]
    public int BetaDecideAndUpdateNoPropensity() => Step(_betaNone);

    /// <summary>Every arm's probability of being chosen (ten integrals) on the frozen posterior.</summary>
    [Benchmark]
    [BenchmarkCategory("BetaGetProbabilities")]
    public double BetaGetProbabilitiesIntegral()
    {
        _betaIntegral.GetProbabilities(_probabilities);
        return _probabilities[Arms - 1];
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("GaussianDecide")]
    public Decision GaussianDecideMonteCarlo100() => _gaussianMonteCarlo.Decide();

    [Benchmark]
    [BenchmarkCategory("GaussianDecide")]
    public Decision GaussianDecideIntegral() => _gaussianIntegral.Decide();

    private T Warm<T>(T bandit)
        where T : MultiArmedBandit
    {
        _next = 0;
        for (int i = 0; i < 2000; i++)
        {
            Step(bandit);
        }

        return bandit;
    }

    /// <summary>One decision and the Bernoulli reward of the chosen arm, from fixed-seed uniforms.</summary>
    private int Step(MultiArmedBandit bandit)
    {
        Decision decision = bandit.Decide();
        double reward = _uniforms[_next++ & (Inputs - 1)] < _successProbability[decision.Action] ? 1.0 : 0.0;
        bandit.Update(decision, reward);
        return decision.Action;
    }
}
