using RlCommons.Algorithms.Internal;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Contextual;

/// <summary>
/// LinUCB with disjoint linear models: each arm <c>a</c> scores <c>θ_aᵀx + α·sqrt(xᵀA_a⁻¹x)</c> and the highest
/// score wins. Li, Chu, Langford &amp; Schapire, "A Contextual-Bandit Approach to Personalized News Article
/// Recommendation", WWW 2010, Algorithm 1.
/// </summary>
/// <remarks>
/// Deterministic but for ties (broken uniformly), so the propensity is <c>1/|ties|</c>. A⁻¹ is maintained by
/// Sherman–Morrison rank-one updates and refreshed from A every
/// <see cref="LinearBanditOptions.RefreshInterval"/> updates. A decision costs O(K·d²) and an update O(d²),
/// with no allocation. See <see cref="LinearBandit"/> and <see cref="Bandits.Bandit"/> for the rest.
/// </remarks>
public sealed class LinUcbBandit : LinearBandit
{
    private readonly double _alpha;

    /// <summary>Creates the bandit.</summary>
    /// <param name="options">The options; validated and copied here.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public LinUcbBandit(LinUcbOptions options)
        : base(options, trackCholesky: false)
    {
        _alpha = options.Alpha;
    }

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.LinUcbBandit";

    private protected override int Choose(ReadOnlySpan<int> active, ReadOnlySpan<double> x, Span<double> scores, Random random, bool explore, out double propensity, out bool explored)
    {
        Span<double> means = ArmScratch;
        WriteScores(active, x, scores, means, explore);
        int arm = Selection.ArgMax(active, scores, random, out int ties);
        propensity = 1.0 / ties;
        explored = explore && !Selection.IsMaximal(active, means, arm);
        return arm;
    }

    private protected override void FillProbabilities(ReadOnlySpan<int> active, ReadOnlySpan<double> x, Span<double> scores, Span<double> probabilities, bool explore)
    {
        WriteScores(active, x, scores, ArmScratch, explore);
        Selection.FillArgMax(active, scores, probabilities);
    }

    /// <summary>θᵀx + α·sqrt(xᵀA⁻¹x) per active arm (θᵀx alone when not exploring), and the means θᵀx.</summary>
    private void WriteScores(ReadOnlySpan<int> active, ReadOnlySpan<double> x, Span<double> scores, Span<double> means, bool explore)
    {
        int d = x.Length;
        foreach (int slot in active)
        {
            RidgeArm model = ModelOf(slot);
            double mean = DenseKernels.Dot(x, model.Theta);
            means[slot] = mean;
            if (explore)
            {
                double variance = DenseKernels.SymmetricQuadraticForm(model.AInverse, x, d);
                scores[slot] = mean + (_alpha * Math.Sqrt(Math.Max(variance, 0)));
            }
            else
            {
                scores[slot] = mean;
            }
        }
    }
}
