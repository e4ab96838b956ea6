using MathNet.Numerics.Distributions;
using RlCommons.Algorithms.Internal;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Bandits;

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
/// tabulated again only when it learns, and a propensity is reused until the bandit learns or its arms change); <see cref="MultiArmedBandit.GetProbabilities"/> reports the same integral for
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
    private readonly TabulatedPosteriors _posteriors = new(double.PositiveInfinity);

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
            var tabulator = new Tabulator(_mean, _stdDev);
            propensity = Math.Max(_posteriors.Propensity(ref tabulator, active, arm, StateVersion), ThompsonPropensity.Floor);
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
            var tabulator = new Tabulator(_mean, _stdDev);
            foreach (int slot in active)
            {
                probabilities[slot] = _posteriors.Propensity(ref tabulator, active, slot, StateVersion);
            }
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
        _posteriors.Resize(capacity);
    }

    private protected override void InitializeArm(int slot, ReadOnlySpan<int> activeBefore)
    {
        _mean[slot] = _priorMean;
        _stdDev[slot] = Math.Sqrt(1.0 / _priorPrecision);
        _posteriors.Invalidate(slot);
    }

    // The posterior is a function of the base's counts and sums; nothing more is stored.
    private protected override void WriteArmState(SnapshotWriter writer, int slots)
    {
    }

    private protected override Action ReadArmState(SnapshotReader reader, int slots) => () =>
    {
        _mean = new double[slots];
        _stdDev = new double[slots];
        _posteriors.Reset(slots);
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
        _posteriors.Invalidate(slot);
    }


    private readonly struct Sampler(double[] mean, double[] stdDev) : IScoreSampler
    {
        public double Sample(int slot, Random random) => Normal.Sample(random, mean[slot], stdDev[slot]);
    }

    private readonly struct Tabulator(double[] mean, double[] stdDev) : IPosteriorTabulator
    {
        public void Tabulate(ScoreTable table, int slot) => table.SetNormal(mean[slot], stdDev[slot]);
    }
}
