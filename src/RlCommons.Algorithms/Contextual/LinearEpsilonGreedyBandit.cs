using RlCommons.Algorithms.Internal;

namespace RlCommons.Algorithms.Contextual;

/// <summary>
/// ε-greedy over per-arm ridge regressions: with probability ε a uniformly random arm, otherwise the arm with
/// the highest prediction θ_aᵀx (ties uniform). A simple, strong baseline for contextual bandits (Langford &amp;
/// Zhang 2007 analyse its epoch-greedy relative; Bietti, Agarwal &amp; Langford 2021 benchmark it).
/// </summary>
/// <remarks>
/// The propensity is exact: <c>ε/K + (1 − ε)/|G|</c> for an arm in the greedy set G, <c>ε/K</c> otherwise.
/// Scores are the predictions. See <see cref="LinearBandit"/> and <see cref="Bandits.Bandit"/> for the rest.
/// </remarks>
public sealed class LinearEpsilonGreedyBandit : LinearBandit
{
    private readonly double _epsilon;

    /// <summary>Creates the bandit.</summary>
    /// <param name="options">The options; validated and copied here.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public LinearEpsilonGreedyBandit(LinearEpsilonGreedyOptions options)
        : base(options, trackCholesky: false)
    {
        _epsilon = options.Epsilon;
    }

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.LinearEpsilonGreedyBandit";

    private protected override int Choose(ReadOnlySpan<int> active, ReadOnlySpan<double> x, Span<double> scores, Random random, bool explore, out double propensity, out bool explored)
    {
        foreach (int slot in active)
        {
            scores[slot] = DenseKernels.Dot(x, ModelOf(slot).Theta);
        }

        return Selection.EpsilonGreedy(active, scores, explore ? _epsilon : 0, random, out propensity, out explored);
    }

    private protected override void FillProbabilities(ReadOnlySpan<int> active, ReadOnlySpan<double> x, Span<double> scores, Span<double> probabilities, bool explore)
    {
        foreach (int slot in active)
        {
            scores[slot] = DenseKernels.Dot(x, ModelOf(slot).Theta);
        }

        Selection.FillEpsilonGreedy(active, scores, explore ? _epsilon : 0, probabilities);
    }
}
