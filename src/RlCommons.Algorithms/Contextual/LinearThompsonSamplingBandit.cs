using MathNet.Numerics.Distributions;
using RlCommons.Internal;

namespace RlCommons.Contextual;

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
/// The propensity is a Monte Carlo estimate
/// (<see cref="LinearThompsonSamplingOptions.PropensityDraws"/>) over the exact marginal of each score,
/// θ̃ᵀx ~ N(θᵀx, v²·xᵀA⁻¹x). With <c>explore = false</c> the decision is the highest θᵀx and its propensity is
/// exact. See <see cref="LinearBandit"/> and <see cref="Bandits.Bandit"/> for the rest.
/// </para>
/// </remarks>
public sealed class LinearThompsonSamplingBandit : LinearBandit
{
    private readonly double _scale;
    private readonly int _draws;
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
        if (_scoreMean.Length < means.Length)
        {
            _scoreMean = new double[means.Length];
            _scoreStdDev = new double[means.Length];
        }

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
            if (_draws > 0)
            {
                double variance = DenseKernels.SymmetricQuadraticForm(model.AInverse, x, d);
                _scoreMean[slot] = mean;
                _scoreStdDev[slot] = _scale * Math.Sqrt(Math.Max(variance, 0));
            }
        }

        int arm = Selection.ArgMax(active, scores, random, out int ties);
        var sampler = new Sampler(_scoreMean, _scoreStdDev);
        propensity = PosteriorPropensity.OfChoice(ref sampler, active, arm, random, _draws, explore, ties);

        explored = explore && !Selection.IsMaximal(active, means, arm);
        return arm;
    }

    private readonly struct Sampler(double[] mean, double[] stdDev) : IScoreSampler
    {
        public double Sample(int slot, Random random) => mean[slot] + (stdDev[slot] * Normal.Sample(random, 0.0, 1.0));
    }
}
