using RlCommons.Algorithms.Internal;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Bandits;

/// <summary>
/// Softmax (Boltzmann) exploration: arm <c>i</c> is chosen with probability
/// <c>exp(Q_i/τ) / Σ_j exp(Q_j/τ)</c>. Sutton &amp; Barto (2018), §2.8 and §13.1.
/// </summary>
/// <remarks>
/// The propensity is that probability, exactly (computed with the maximum subtracted, so large Q/τ do not
/// overflow). Scores are the value estimates. With <c>explore = false</c> the greedy arm is chosen. See
/// <see cref="MultiArmedBandit"/> for thread safety and reproducibility.
/// </remarks>
/// <param name="options">The options; validated and copied when the bandit is built.</param>
/// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
public sealed class SoftmaxBandit(SoftmaxOptions options) : MultiArmedBandit(options)
{
    private readonly double _inverseTemperature = 1.0 / (options?.Temperature ?? 1);
    private readonly ValueEstimates _q = new(options?.InitialValue ?? 0, options?.StepSize);
    private double[] _probabilities = [];

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.SoftmaxBandit";

    private protected override int Choose(ReadOnlySpan<int> active, Span<double> scores, Random random, bool explore, out double propensity, out bool explored)
    {
        ReadOnlySpan<double> q = _q.Values;
        double max = double.NegativeInfinity;
        foreach (int slot in active)
        {
            scores[slot] = q[slot];
            max = Math.Max(max, q[slot]);
        }

        if (!explore)
        {
            int greedy = Selection.ArgMax(active, scores, random, out int ties);
            propensity = 1.0 / ties;
            explored = false;
            return greedy;
        }

        WriteProbabilities(active, q, max, _probabilities);
        int arm = Selection.Sample(active, _probabilities, random);
        propensity = _probabilities[arm];
        explored = q[arm] < max;
        return arm;
    }

    private protected override void FillProbabilities(ReadOnlySpan<int> active, Span<double> scores, Span<double> probabilities, bool explore)
    {
        ReadOnlySpan<double> q = _q.Values;
        if (!explore)
        {
            Selection.FillArgMax(active, q, probabilities);
            return;
        }

        double max = double.NegativeInfinity;
        foreach (int slot in active)
        {
            max = Math.Max(max, q[slot]);
        }

        WriteProbabilities(active, q, max, probabilities);
    }

    private protected override void Learn(int arm, double reward, double propensity, ReadOnlySpan<int> active) => _q.Learn(arm, reward, PullsOf(arm));

    /// <summary>exp((Q_i − max)/τ), normalized over the active arms.</summary>
    private void WriteProbabilities(ReadOnlySpan<int> active, ReadOnlySpan<double> q, double max, Span<double> destination)
    {
        double total = 0;
        foreach (int slot in active)
        {
            double w = Math.Exp((q[slot] - max) * _inverseTemperature);
            destination[slot] = w;
            total += w;
        }

        foreach (int slot in active)
        {
            destination[slot] /= total;
        }
    }

    private protected override void ResizeArms(int capacity)
    {
        _q.Resize(capacity);
        Array.Resize(ref _probabilities, capacity);
    }

    private protected override void InitializeArm(int slot, ReadOnlySpan<int> activeBefore) => _q.Initialize(slot);

    private protected override void WriteArmState(SnapshotWriter writer, int slots) => _q.Write(writer, slots);

    private protected override Action ReadArmState(SnapshotReader reader, int slots)
    {
        Action commit = _q.Read(reader, slots);
        return () =>
        {
            commit();
            _probabilities = new double[slots];
        };
    }
}
