using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Bandits;

/// <summary>
/// UCB1: play each arm once, then the arm maximizing <c>mean_i + c·sqrt(ln t / n_i)</c>, where <c>t</c> is the
/// number of rewards learned and <c>n_i</c> arm i's count. Auer, Cesa-Bianchi &amp; Fischer, "Finite-time
/// Analysis of the Multiarmed Bandit Problem", Machine Learning 47 (2002).
/// </summary>
/// <remarks>
/// Deterministic but for ties, which are broken uniformly, so the propensity is <c>1/|ties|</c> for a tied
/// arm (untried arms are tied at +∞). Scores are the upper confidence bounds (+∞ for untried arms); with
/// <c>explore = false</c>, the means. See <see cref="MultiArmedBandit"/> for thread safety and reproducibility.
/// </remarks>
/// <param name="options">The options; validated and copied when the bandit is built.</param>
/// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
public sealed class Ucb1Bandit(Ucb1Options options) : MultiArmedBandit(options)
{
    private readonly double _c = options?.Exploration ?? 0;
    private double[] _mean = [];
    private double[] _inverseSqrtPulls = [];

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.Ucb1Bandit";

    private protected override int Choose(ReadOnlySpan<int> active, Span<double> scores, Random random, bool explore, out double propensity, out bool explored)
    {
        WriteScores(active, scores, explore);
        int arm = Internal.Selection.ArgMax(active, scores, random, out int ties);
        propensity = 1.0 / ties;
        explored = explore && !IsGreedy(active, arm);
        return arm;
    }

    private protected override void FillProbabilities(ReadOnlySpan<int> active, Span<double> scores, Span<double> probabilities, bool explore)
    {
        WriteScores(active, scores, explore);
        Internal.Selection.FillArgMax(active, scores, probabilities);
    }

    private protected override void Learn(int arm, double reward, double propensity, ReadOnlySpan<int> active)
    {
        long n = PullsOf(arm);
        _mean[arm] = RewardSumOf(arm) / n;
        _inverseSqrtPulls[arm] = 1.0 / Math.Sqrt(n);
    }

    private protected override void ResizeArms(int capacity)
    {
        Array.Resize(ref _mean, capacity);
        Array.Resize(ref _inverseSqrtPulls, capacity);
    }

    private protected override void InitializeArm(int slot, ReadOnlySpan<int> activeBefore)
    {
        _mean[slot] = 0;
        _inverseSqrtPulls[slot] = 0;
    }

    // The state is derived from the base's counts and sums; nothing more is stored.
    private protected override void WriteArmState(SnapshotWriter writer, int slots)
    {
    }

    private protected override Action ReadArmState(SnapshotReader reader, int slots) => () =>
    {
        _mean = new double[slots];
        _inverseSqrtPulls = new double[slots];
        for (int slot = 0; slot < slots; slot++)
        {
            long n = PullsOf(slot);
            _mean[slot] = n == 0 ? 0 : RewardSumOf(slot) / n;
            _inverseSqrtPulls[slot] = n == 0 ? 0 : 1.0 / Math.Sqrt(n);
        }
    };

    private void WriteScores(ReadOnlySpan<int> active, Span<double> scores, bool explore)
    {
        double width = explore && TotalUpdates > 0 ? _c * Math.Sqrt(Math.Log(TotalUpdates)) : 0;
        foreach (int slot in active)
        {
            // 1/sqrt(n) is cached per arm, so a decision costs one log and one sqrt in all.
            scores[slot] = explore && PullsOf(slot) == 0 ? double.PositiveInfinity : _mean[slot] + (width * _inverseSqrtPulls[slot]);
        }
    }

    private bool IsGreedy(ReadOnlySpan<int> active, int arm)
    {
        foreach (int slot in active)
        {
            if (PullsOf(slot) > 0 && _mean[slot] > _mean[arm])
            {
                return false;
            }
        }

        return PullsOf(arm) > 0;
    }
}
