using MathNet.Numerics.Distributions;
using RlCommons.Algorithms.Internal;

namespace RlCommons.Algorithms.Contextual;

/// <summary>
/// Linear Thompson sampling with disjoint models: for each arm, draw θ̃ ~ N(θ, v²A⁻¹) and score θ̃ᵀx; the
/// highest score wins. Agrawal &amp; Goyal, "Thompson Sampling for Contextual Bandits with Linear Payoffs",
/// ICML 2013, Algorithm 1.
/// </summary>
/// <remarks>
/// <para>
/// Sampling is Cholesky-based and reproducible: each arm keeps the lower Cholesky factor L of A (A = L Lᵀ),
/// updated in O(d²) per reward and refreshed with A⁻¹; θ̃ = θ + v·L⁻ᵀz with z ~ N(0, I) drawn by MathNet from
/// the decision's own random stream, since Cov(L⁻ᵀz) = (L Lᵀ)⁻¹ = A⁻¹.
/// </para>
/// <para>
/// Propensity: given x the arms' scores are independent, θ̃ᵀx ~ N(θᵀx, v²·xᵀA⁻¹x), so the probability that the chosen
/// arm's score is the largest is <c>∫ φ_a(y) Π_{b≠a} Φ_b(y) dy</c>. By default it is computed by deterministic numerical
/// integration (a fixed 32-point Gauss–Legendre rule on panels split where another arm's distribution ends), within
/// 1e-6 absolute of the exact value and never below 1e-12; an arm with zero variance (v = 0 or x = 0) is a point mass and
/// exact ties are shared uniformly, as the decision breaks them. <see cref="LinearBandit.GetProbabilities"/> reports the
/// same integral for every arm. <see cref="LinearThompsonSamplingOptions.PropensityDraws"/> opts into the former Monte
/// Carlo estimate. With <c>explore = false</c> the decision is the highest θᵀx and its propensity is exactly
/// <c>1/|ties|</c>. See <see cref="LinearBandit"/> and <see cref="Bandits.Bandit"/> for the rest.
/// </para>
/// </remarks>
public sealed class LinearThompsonSamplingBandit : LinearBandit
{
    private readonly double _scale;
    private readonly int? _draws;
    private readonly double[] _noise;
    private double[] _scoreMean = [];
    private double[] _scoreStdDev = [];

    /// <summary>Creates the bandit.</summary>
    /// <param name="options">The options; validated and copied here.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public LinearThompsonSamplingBandit(LinearThompsonSamplingOptions options)
        : base(options, trackCholesky: true)
    {
        _scale = options.ExplorationScale;
        _draws = options.PropensityDraws;
        _noise = new double[options.Dimension];
    }

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.LinearThompsonSamplingBandit";

    private protected override int Choose(ReadOnlySpan<int> active, ReadOnlySpan<double> x, Span<double> scores, Random random, bool explore, out double propensity, out bool explored)
    {
        int d = x.Length;
        Span<double> means = ArmScratch;
        EnsureMarginalCapacity(means.Length);

        bool marginals = explore && _draws is null or > 0;
        foreach (int slot in active)
        {
            RidgeArm model = ModelOf(slot);
            double mean = DenseKernels.Dot(x, model.Theta);
            means[slot] = mean;
            if (!explore)
            {
                scores[slot] = mean;
                continue;
            }

            // u = L⁻ᵀ z ~ N(0, A⁻¹); score = (θ + v u)ᵀ x.
            // One Normal.Sample per component: MathNet's array overload allocates a buffer on every call.
            for (int i = 0; i < d; i++)
            {
                _noise[i] = Normal.Sample(random, 0.0, 1.0);
            }

            DenseKernels.SolveLowerTransposed(model.CholeskyA!, _noise, d);
            scores[slot] = mean + (_scale * DenseKernels.Dot(_noise, x));
            if (marginals)
            {
                SetMarginal(slot, model, mean, x);
            }
        }

        int arm = Selection.ArgMax(active, scores, random, out int ties);
        if (explore && _draws is null)
        {
            var normals = new NormalScores(_scoreMean, _scoreStdDev);
            propensity = Math.Max(ThompsonPropensity.Of(ref normals, active, arm), ThompsonPropensity.Floor);
        }
        else
        {
            var sampler = new Sampler(_scoreMean, _scoreStdDev);
            propensity = PosteriorPropensity.OfChoice(ref sampler, active, arm, random, _draws ?? 0, explore, ties);
        }

        explored = explore && !Selection.IsMaximal(active, means, arm);
        return arm;
    }

    private protected override void FillProbabilities(ReadOnlySpan<int> active, ReadOnlySpan<double> x, Span<double> scores, Span<double> probabilities, bool explore)
    {
        EnsureMarginalCapacity(scores.Length);
        foreach (int slot in active)
        {
            RidgeArm model = ModelOf(slot);
            double mean = DenseKernels.Dot(x, model.Theta);
            scores[slot] = mean;
            if (explore)
            {
                SetMarginal(slot, model, mean, x);
            }
        }

        if (explore)
        {
            var normals = new NormalScores(_scoreMean, _scoreStdDev);
            ThompsonPropensity.FillAll(ref normals, active, probabilities);
        }
        else
        {
            Selection.FillArgMax(active, scores, probabilities);
        }
    }

    /// <summary>The marginal of arm <paramref name="slot"/>'s score given x: N(θᵀx, v²·xᵀA⁻¹x).</summary>
    private void SetMarginal(int slot, RidgeArm model, double mean, ReadOnlySpan<double> x)
    {
        double variance = DenseKernels.SymmetricQuadraticForm(model.AInverse, x, x.Length);
        _scoreMean[slot] = mean;
        _scoreStdDev[slot] = _scale * Math.Sqrt(Math.Max(variance, 0));
    }

    private void EnsureMarginalCapacity(int slots)
    {
        if (_scoreMean.Length < slots)
        {
            _scoreMean = new double[slots];
            _scoreStdDev = new double[slots];
        }
    }

    private readonly struct Sampler(double[] mean, double[] stdDev) : IScoreSampler
    {
        public double Sample(int slot, Random random) => mean[slot] + (stdDev[slot] * Normal.Sample(random, 0.0, 1.0));
    }
}
