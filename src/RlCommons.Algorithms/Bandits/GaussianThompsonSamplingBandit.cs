using MathNet.Numerics.Distributions;
using RlCommons.Internal;
using RlCommons.Snapshots;

namespace RlCommons.Bandits;

/// <summary>
/// Gaussian Thompson sampling: each arm's expected reward μ has a Normal prior N(μ₀, σ₀²) and rewards are
/// N(μ, σ²) with known σ², so the posterior after <c>n</c> rewards summing to <c>S</c> is Normal with precision
/// <c>λ = 1/σ₀² + n/σ²</c> and mean <c>(μ₀/σ₀² + S/σ²)/λ</c> (conjugate update; Agrawal &amp; Goyal 2013,
/// "Further Optimal Regret Bounds for Thompson Sampling").
/// </summary>
/// <remarks>
/// Scores are posterior samples (with <c>explore = false</c>, posterior means). The propensity is by default the
/// probability that the chosen arm's sample is the largest, <c>∫ φ_a(y) Π_{b≠a} Φ_b(y) dy</c> over the Normal
/// posteriors, computed by deterministic numerical integration to within 1e-6 absolute (each arm's posterior is
/// tabulated again only when it learns); <see cref="MultiArmedBandit.GetProbabilities"/> reports the same integral for
/// every arm. <see cref="GaussianThompsonSamplingOptions.PropensityDraws"/> opts into the former Monte Carlo estimate.
/// With <c>explore = false</c> the propensity is exactly <c>1/|ties|</c>. See <see cref="MultiArmedBandit"/> for thread
/// safety and reproducibility.
/// </remarks>
/// <param name="options">The options; validated and copied when the bandit is built.</param>
/// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
public sealed class GaussianThompsonSamplingBandit(GaussianThompsonSamplingOptions options) : MultiArmedBandit(options)
{
    private readonly double _priorMean = options?.PriorMean ?? 0;
    private readonly double _priorPrecision = 1.0 / (options?.PriorVariance ?? 1);
    private readonly double _noisePrecision = 1.0 / (options?.NoiseVariance ?? 1);
    private readonly int? _draws = options?.PropensityDraws;
    private double[] _mean = [];
    private double[] _stdDev = [];
    private ScoreTable?[] _tables = [];
    private bool[] _stale = [];

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.GaussianThompsonSamplingBandit";

    /// <summary>Returns the posterior mean and standard deviation of arm <paramref name="arm"/>'s expected reward.</summary>
    /// <param name="arm">An arm index.</param>
    /// <returns>The posterior's mean and standard deviation.</returns>
    public (double Mean, double StandardDeviation) GetPosterior(int arm)
    {
        lock (Gate)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(arm);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(arm, ArmSlotCount);
            return (_mean[arm], _stdDev[arm]);
        }
    }

    private protected override int Choose(ReadOnlySpan<int> active, Span<double> scores, Random random, bool explore, out double propensity, out bool explored)
    {
        foreach (int slot in active)
        {
            scores[slot] = explore ? Normal.Sample(random, _mean[slot], _stdDev[slot]) : _mean[slot];
        }

        int arm = Selection.ArgMax(active, scores, random, out int ties);
        if (explore && _draws is null)
        {
            TabulatedScores posteriors = Posteriors(active);
            propensity = Math.Max(ThompsonPropensity.Of(ref posteriors, active, arm), ThompsonPropensity.Floor);
        }
        else
        {
            var sampler = new Sampler(_mean, _stdDev);
            propensity = PosteriorPropensity.OfChoice(ref sampler, active, arm, random, _draws ?? 0, explore, ties);
        }

        explored = explore && !Selection.IsMaximal(active, _mean, arm);
        return arm;
    }

    private protected override void FillProbabilities(ReadOnlySpan<int> active, Span<double> scores, Span<double> probabilities, bool explore)
    {
        if (explore)
        {
            TabulatedScores posteriors = Posteriors(active);
            ThompsonPropensity.FillAll(ref posteriors, active, probabilities);
        }
        else
        {
            Selection.FillArgMax(active, _mean, probabilities);
        }
    }

    private protected override void Learn(int arm, double reward, double propensity, ReadOnlySpan<int> active) => SetPosterior(arm);

    private protected override void ResizeArms(int capacity)
    {
        Array.Resize(ref _mean, capacity);
        Array.Resize(ref _stdDev, capacity);
        Array.Resize(ref _tables, capacity);
        Array.Resize(ref _stale, capacity);
    }

    private protected override void InitializeArm(int slot, ReadOnlySpan<int> activeBefore)
    {
        _mean[slot] = _priorMean;
        _stdDev[slot] = Math.Sqrt(1.0 / _priorPrecision);
        _stale[slot] = true;
    }

    // The posterior is a function of the base's counts and sums; nothing more is stored.
    private protected override void WriteArmState(SnapshotWriter writer, int slots)
    {
    }

    private protected override Action ReadArmState(SnapshotReader reader, int slots) => () =>
    {
        _mean = new double[slots];
        _stdDev = new double[slots];
        _tables = new ScoreTable?[slots];
        _stale = new bool[slots];
        for (int slot = 0; slot < slots; slot++)
        {
            SetPosterior(slot);
        }
    };

    private void SetPosterior(int slot)
    {
        double precision = _priorPrecision + (PullsOf(slot) * _noisePrecision);
        _mean[slot] = ((_priorMean * _priorPrecision) + (RewardSumOf(slot) * _noisePrecision)) / precision;
        _stdDev[slot] = Math.Sqrt(1.0 / precision);
        _stale[slot] = true;
    }

    /// <summary>The active arms' posteriors, each tabulated again only if it has learned since (callers hold the lock).</summary>
    private TabulatedScores Posteriors(ReadOnlySpan<int> active)
    {
        foreach (int slot in active)
        {
            if (_stale[slot])
            {
                (_tables[slot] ??= new ScoreTable()).SetNormal(_mean[slot], _stdDev[slot]);
                _stale[slot] = false;
            }
        }

        return new TabulatedScores(_tables, double.PositiveInfinity);
    }

    private readonly struct Sampler(double[] mean, double[] stdDev) : IScoreSampler
    {
        public double Sample(int slot, Random random) => Normal.Sample(random, mean[slot], stdDev[slot]);
    }
}
