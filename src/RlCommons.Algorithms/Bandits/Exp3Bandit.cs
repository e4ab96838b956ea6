using System.Globalization;
using RlCommons.Algorithms.Internal;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Bandits;

/// <summary>
/// EXP3, the bandit for adversarial (non-stochastic) rewards: arm <c>i</c> is chosen with probability
/// <c>p_i = (1 − γ)·w_i/Σw + γ/K</c>; after reward <c>x ∈ [0, 1]</c> for the chosen arm, its weight becomes
/// <c>w_i·exp(γ·(x/p_i)/K)</c>. Auer, Cesa-Bianchi, Freund &amp; Schapire, "The Nonstochastic Multiarmed Bandit
/// Problem", SIAM J. Computing 32 (2002), Fig. 1.
/// </summary>
/// <remarks>
/// <para>
/// Weights are kept as logarithms and shifted when they grow, so long runs do not overflow. The propensity is
/// <c>p_i</c>, exactly. <see cref="MultiArmedBandit.Update(in Decision, double)"/> divides by the propensity the
/// decision recorded (the unbiased importance weight); <see cref="MultiArmedBandit.Update(int, double)"/> uses
/// the current probability of the arm. An arm added later starts at the mean log-weight of the active arms.
/// </para>
/// <para>Scores are the probabilities <c>p_i</c>. See <see cref="MultiArmedBandit"/> for thread safety and reproducibility.</para>
/// </remarks>
/// <param name="options">The options; validated and copied when the bandit is built.</param>
/// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
public sealed class Exp3Bandit(Exp3Options options) : MultiArmedBandit(options)
{
    private const double ShiftThreshold = 512;
    private readonly double _gamma = options?.Gamma ?? 0.1;
    private double[] _logWeights = [];
    private double[] _probabilities = [];

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.Exp3Bandit";

    private protected override void ValidateRewardArgument(double reward, string paramName)
    {
        if (!(reward >= 0 && reward <= 1))
        {
            throw new ArgumentOutOfRangeException(paramName, reward, string.Create(CultureInfo.InvariantCulture, $"{paramName} must be in [0, 1] for EXP3, was {reward}."));
        }
    }

    private protected override int Choose(ReadOnlySpan<int> active, Span<double> scores, Random random, bool explore, out double propensity, out bool explored)
    {
        ComputeProbabilities(active);
        foreach (int slot in active)
        {
            scores[slot] = _probabilities[slot];
        }

        int arm;
        if (explore)
        {
            arm = Selection.Sample(active, _probabilities, random);
            propensity = _probabilities[arm];
            explored = !Selection.IsMaximal(active, _probabilities, arm);
        }
        else
        {
            arm = Selection.ArgMax(active, scores, random, out int ties);
            propensity = 1.0 / ties;
            explored = false;
        }

        return arm;
    }

    private protected override void FillProbabilities(ReadOnlySpan<int> active, Span<double> scores, Span<double> probabilities, bool explore)
    {
        ComputeProbabilities(active);
        if (!explore)
        {
            Selection.FillArgMax(active, _probabilities, probabilities);
            return;
        }

        foreach (int slot in active)
        {
            probabilities[slot] = _probabilities[slot];
        }
    }

    private protected override void Learn(int arm, double reward, double propensity, ReadOnlySpan<int> active)
    {
        double p = propensity;
        if (!(p > 0 && p <= 1))
        {
            ComputeProbabilities(active);
            p = _probabilities[arm];
        }

        // x̂ = x / p is the importance-weighted reward estimate; log w += γ x̂ / K.
        _logWeights[arm] += _gamma * (reward / p) / active.Length;
        if (_logWeights[arm] > ShiftThreshold)
        {
            double shift = _logWeights[arm];
            foreach (int slot in active)
            {
                _logWeights[slot] -= shift;
            }
        }
    }

    private protected override void ResizeArms(int capacity)
    {
        Array.Resize(ref _logWeights, capacity);
        Array.Resize(ref _probabilities, capacity);
    }

    private protected override void InitializeArm(int slot, ReadOnlySpan<int> activeBefore)
    {
        double sum = 0;
        foreach (int other in activeBefore)
        {
            sum += _logWeights[other];
        }

        _logWeights[slot] = activeBefore.IsEmpty ? 0 : sum / activeBefore.Length;
    }

    private protected override void WriteArmState(SnapshotWriter writer, int slots) => writer.WriteDoubles(_logWeights.AsSpan(0, slots));

    private protected override Action ReadArmState(SnapshotReader reader, int slots)
    {
        double[] logWeights = reader.ReadDoubles(slots, "the log-weights");
        if (logWeights.Any(v => !double.IsFinite(v)))
        {
            throw new SnapshotException("An EXP3 log-weight in the snapshot is not finite.");
        }

        return () =>
        {
            _logWeights = logWeights;
            _probabilities = new double[slots];
        };
    }

    private void ComputeProbabilities(ReadOnlySpan<int> active)
    {
        double max = double.NegativeInfinity;
        foreach (int slot in active)
        {
            max = Math.Max(max, _logWeights[slot]);
        }

        double total = 0;
        foreach (int slot in active)
        {
            double w = Math.Exp(_logWeights[slot] - max);
            _probabilities[slot] = w;
            total += w;
        }

        double uniform = _gamma / active.Length;
        foreach (int slot in active)
        {
            _probabilities[slot] = ((1 - _gamma) * _probabilities[slot] / total) + uniform;
        }
    }
}
