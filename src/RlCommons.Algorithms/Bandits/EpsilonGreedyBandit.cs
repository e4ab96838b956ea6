using RlCommons.Algorithms.Internal;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Bandits;

/// <summary>
/// ε-greedy: with probability ε an arm chosen uniformly at random, otherwise the arm with the highest value
/// estimate (ties broken uniformly). ε may follow a decay schedule. Sutton &amp; Barto, <i>Reinforcement
/// Learning: An Introduction</i> (2nd ed., 2018), §2.2–2.4.
/// </summary>
/// <remarks>
/// Propensity (exact): <c>ε/K + (1 − ε)/|G|</c> for an arm in the greedy set <c>G</c>, <c>ε/K</c> otherwise,
/// with <c>K</c> active arms. Scores are the value estimates. See <see cref="MultiArmedBandit"/> for thread
/// safety and reproducibility.
/// </remarks>
/// <param name="options">The options; validated and copied when the bandit is built.</param>
/// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
public sealed class EpsilonGreedyBandit(EpsilonGreedyOptions options) : MultiArmedBandit(options)
{
    // Field initializers run before the base constructor, which adds the initial arms through Resize/InitializeArm.
    private readonly double _epsilon = options?.Epsilon ?? 0;
    private readonly Schedules.Schedule? _schedule = options?.EpsilonSchedule;
    private readonly ValueEstimates _q = new(options?.InitialValue ?? 0, options?.StepSize);

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.EpsilonGreedyBandit";

    /// <summary>The exploration rate the next decision will use.</summary>
    public double CurrentEpsilon => EpsilonAt(DecisionCount);

    private double EpsilonAt(long decisionsBefore)
        => _schedule is { } schedule ? Math.Clamp(schedule.ValueAt(decisionsBefore), 0, 1) : _epsilon;

    private protected override int Choose(ReadOnlySpan<int> active, Span<double> scores, Random random, bool explore, out double propensity, out bool explored)
    {
        ReadOnlySpan<double> q = _q.Values;
        foreach (int slot in active)
        {
            scores[slot] = q[slot];
        }

        double epsilon = explore ? EpsilonAt(DecisionCount) : 0;
        return Selection.EpsilonGreedy(active, scores, epsilon, random, out propensity, out explored);
    }

    private protected override void FillProbabilities(ReadOnlySpan<int> active, Span<double> scores, Span<double> probabilities, bool explore)
        => Selection.FillEpsilonGreedy(active, _q.Values, explore ? EpsilonAt(DecisionCount) : 0, probabilities);

    private protected override void Learn(int arm, double reward, double propensity, ReadOnlySpan<int> active) => _q.Learn(arm, reward, PullsOf(arm));

    private protected override void ResizeArms(int capacity) => _q.Resize(capacity);

    private protected override void InitializeArm(int slot, ReadOnlySpan<int> activeBefore) => _q.Initialize(slot);

    private protected override void WriteArmState(SnapshotWriter writer, int slots) => _q.Write(writer, slots);

    private protected override Action ReadArmState(SnapshotReader reader, int slots) => _q.Read(reader, slots);
}
