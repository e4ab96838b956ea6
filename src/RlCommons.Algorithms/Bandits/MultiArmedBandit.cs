using System.Globalization;
using RlCommons.Policies;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Bandits;

/// <summary>
/// The base of the context-free bandits: choose among arms, learn one reward at a time or in batches.
/// See <see cref="Bandit"/> for arms, thread safety, reproducibility and bad input.
/// </summary>
/// <remarks>
/// <para>Every decision reports its propensity; a batch update is validated in full before any of it is applied.</para>
/// <para>
/// Policy contract (<see cref="ILearningPolicy"/>): actions are the arm slots (<see cref="IPolicy.ActionCount"/> is
/// <see cref="Bandit.ArmSlotCount"/>; removed arms have probability 0), the bandit reads no features
/// (<see cref="IPolicy.FeatureCount"/> is 0 and features passed in are ignored), <see cref="ILearningPolicy.Learn"/> is
/// <see cref="Update(int, double)"/> with the logged propensity (EXP3 uses it), and action names are the arm names.
/// </para>
/// </remarks>
public abstract class MultiArmedBandit : Bandit, ILearningPolicy
{
    private long[] _pulls = [];
    private double[] _rewardSums = [];
    private double[] _scores = [];
    private double[] _probabilityScores = [];

    private protected MultiArmedBandit(BanditOptions? options)
        : base(options)
    {
    }

    /// <summary>Returns what the bandit has observed of each active arm.</summary>
    /// <returns>One entry per active arm, in index order.</returns>
    public IReadOnlyList<ArmStatistics> GetArmStatistics()
    {
        lock (Gate)
        {
            var stats = new List<ArmStatistics>(ActiveArms.Length);
            foreach (int slot in ActiveArms)
            {
                long n = _pulls[slot];
                stats.Add(new ArmStatistics(GetArmName(slot), slot, n, n == 0 ? 0 : _rewardSums[slot] / n));
            }

            return stats;
        }
    }

    /// <summary>Chooses an arm. Allocation-free.</summary>
    /// <param name="explore"><see langword="true"/> to follow the exploring policy; <see langword="false"/> for the greedy choice (highest estimate, ties broken at random).</param>
    /// <returns>The decision, with the chosen arm's index and propensity.</returns>
    /// <exception cref="InvalidOperationException">The bandit has no active arm.</exception>
    public Decision Decide(bool explore = true) => Decide(Span<double>.Empty, explore);

    /// <summary>Chooses an arm and writes every arm's score into <paramref name="scores"/>. Allocation-free.</summary>
    /// <param name="scores">Empty, or at least <see cref="Bandit.ArmSlotCount"/> long: <c>scores[i]</c> receives arm <c>i</c>'s score (NaN for removed arms).</param>
    /// <param name="explore"><see langword="true"/> to follow the exploring policy; <see langword="false"/> for the greedy choice.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is too short.</exception>
    /// <exception cref="InvalidOperationException">The bandit has no active arm.</exception>
    public Decision Decide(Span<double> scores, bool explore = true) => Decide(scores, Span<double>.Empty, explore);

    /// <summary>
    /// Writes the probability with which the next decision would choose each arm: <c>probabilities[i]</c> for arm slot
    /// <c>i</c>, 0 for removed arms. Uses no randomness and changes no counter. Exact for every bandit but the Thompson
    /// samplers, whose probabilities are numerical integrals (see their remarks for the accuracy).
    /// </summary>
    /// <param name="probabilities">At least <see cref="Bandit.ArmSlotCount"/> long; entries past it are left unchanged.</param>
    /// <param name="explore"><see langword="true"/> for the exploring policy; <see langword="false"/> for the greedy one (uniform over the tied best arms).</param>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> is too short.</exception>
    /// <exception cref="InvalidOperationException">The bandit has no active arm.</exception>
    public void GetProbabilities(Span<double> probabilities, bool explore = true)
    {
        lock (Gate)
        {
            RequireProbabilitiesCapacity(probabilities.Length, allowEmpty: false, nameof(probabilities));
            RequireActiveArmExists();
            WriteProbabilities(probabilities, explore);
        }
    }

    /// <inheritdoc />
    int IPolicy.ActionCount => ArmSlotCount;

    /// <inheritdoc />
    int IPolicy.FeatureCount => 0;

    /// <inheritdoc />
    Decision IPolicy.Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore) => Decide(Span<double>.Empty, probabilities, explore);

    /// <inheritdoc />
    void IPolicy.GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore) => GetProbabilities(probabilities, explore);

    /// <inheritdoc />
    string IPolicy.GetActionName(int action) => GetArmName(action);

    /// <inheritdoc />
    void ILearningPolicy.Learn(ReadOnlySpan<float> features, int action, double reward, double propensity) => Update(action, reward, propensity);

    /// <summary>Learns <paramref name="reward"/> for arm <paramref name="arm"/>. Allocation-free.</summary>
    /// <param name="arm">The arm's index.</param>
    /// <param name="reward">The observed reward; within ±1e15 (so that the reward sums stay finite and the state can be saved), and in the range the algorithm requires.</param>
    /// <exception cref="ArgumentException">The arm is unknown or removed, or the reward is invalid; nothing changes.</exception>
    public void Update(int arm, double reward) => Update(arm, reward, double.NaN);

    /// <summary>Learns <paramref name="reward"/> for the arm called <paramref name="arm"/>.</summary>
    /// <param name="arm">The arm's name.</param>
    /// <param name="reward">The observed reward.</param>
    /// <exception cref="ArgumentException">The arm is unknown, or the reward is invalid; nothing changes.</exception>
    public void Update(string arm, double reward)
    {
        ValidateRewardArgument(reward, nameof(reward));
        lock (Gate)
        {
            Apply(RequireActiveArm(arm, nameof(arm)), reward, double.NaN);
        }
    }

    /// <summary>Learns <paramref name="reward"/> for the arm <paramref name="decision"/> chose, with the propensity it recorded (EXP3 uses it).</summary>
    /// <param name="decision">A decision of this bandit.</param>
    /// <param name="reward">The observed reward.</param>
    /// <exception cref="ArgumentException">The arm has been removed, or the reward is invalid; nothing changes.</exception>
    public void Update(in Decision decision, double reward) => Update(decision.Action, reward, decision.Propensity);

    /// <summary>
    /// Learns a batch of rewards under one lock acquisition. The whole batch is validated first: if any entry
    /// is invalid, nothing is applied.
    /// </summary>
    /// <param name="arms">The arm indices.</param>
    /// <param name="rewards">The rewards, one per arm index.</param>
    /// <exception cref="ArgumentException">The lengths differ, or an entry is invalid (the message gives its position).</exception>
    public void Update(ReadOnlySpan<int> arms, ReadOnlySpan<double> rewards)
    {
        if (arms.Length != rewards.Length)
        {
            throw new ArgumentException($"arms has {arms.Length} entries and rewards {rewards.Length}; they must match.", nameof(rewards));
        }

        for (int i = 0; i < rewards.Length; i++)
        {
            ValidateRewardArgument(rewards[i], $"{nameof(rewards)}[{i}]");
        }

        lock (Gate)
        {
            for (int i = 0; i < arms.Length; i++)
            {
                RequireActiveArm(arms[i], $"{nameof(arms)}[{i}]");
            }

            for (int i = 0; i < arms.Length; i++)
            {
                Apply(arms[i], rewards[i], double.NaN);
            }
        }
    }

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming <paramref name="paramName"/> when the reward is not acceptable (outside <see cref="NumericDomain"/> by default).</summary>
    private protected virtual void ValidateRewardArgument(double reward, string paramName)
    {
        NumericDomain.RequireReward(reward, paramName);
    }

    /// <summary>
    /// Writes each active slot's probability of being chosen by the next decision into <paramref name="probabilities"/>
    /// (the caller has zeroed it), from the same state <see cref="Choose"/> reads; <paramref name="scores"/> is scratch.
    /// </summary>
    private protected abstract void FillProbabilities(ReadOnlySpan<int> active, Span<double> scores, Span<double> probabilities, bool explore);

    /// <summary>Chooses among <paramref name="active"/> slots, writing each active slot's score.</summary>
    private protected abstract int Choose(ReadOnlySpan<int> active, Span<double> scores, Random random, bool explore, out double propensity, out bool explored);

    /// <summary>Applies one validated reward to the algorithm's own state (the base has already counted it).</summary>
    private protected abstract void Learn(int arm, double reward, double propensity, ReadOnlySpan<int> active);

    /// <summary>Grows the algorithm's own per-arm arrays.</summary>
    private protected abstract void ResizeArms(int capacity);

    /// <summary>Writes the algorithm's own per-arm state.</summary>
    private protected abstract void WriteArmState(SnapshotWriter writer, int slots);

    /// <summary>Parses the algorithm's own per-arm state and returns the action that installs it (run after the counts are installed).</summary>
    private protected abstract Action ReadArmState(SnapshotReader reader, int slots);

    /// <summary>The number of rewards arm <paramref name="slot"/> has received (callers hold the lock).</summary>
    private protected long PullsOf(int slot) => _pulls[slot];

    /// <summary>The sum of the rewards arm <paramref name="slot"/> has received (callers hold the lock).</summary>
    private protected double RewardSumOf(int slot) => _rewardSums[slot];

    private protected sealed override void Resize(int capacity)
    {
        Array.Resize(ref _pulls, capacity);
        Array.Resize(ref _rewardSums, capacity);
        Array.Resize(ref _scores, capacity);
        Array.Resize(ref _probabilityScores, capacity);
        ResizeArms(capacity);
    }

    private protected sealed override void WriteState(SnapshotWriter writer, int slots)
    {
        writer.WriteInt64s(_pulls.AsSpan(0, slots));
        writer.WriteDoubles(_rewardSums.AsSpan(0, slots));
        WriteArmState(writer, slots);
    }

    private protected sealed override Action ReadState(SnapshotReader reader, int slots)
    {
        long[] pulls = reader.ReadInt64s();
        double[] sums = reader.ReadDoubles(slots, "the reward sums");
        if (pulls.Length != slots || pulls.Any(p => p < 0) || sums.Any(s => !double.IsFinite(s)))
        {
            throw new SnapshotException("The per-arm counts or reward sums in the snapshot are invalid.");
        }

        Action commitArms = ReadArmState(reader, slots);
        return () =>
        {
            _pulls = pulls;
            _rewardSums = sums;
            _scores = new double[slots];
            _probabilityScores = new double[slots];
            commitArms();
        };
    }

    /// <summary>Decides; fills <paramref name="probabilities"/> (when not empty) in the same lock, before the decision is counted.</summary>
    private Decision Decide(Span<double> scores, Span<double> probabilities, bool explore)
    {
        lock (Gate)
        {
            RequireScoresCapacity(scores.Length, nameof(scores));
            RequireProbabilitiesCapacity(probabilities.Length, allowEmpty: true, nameof(probabilities));

            Random random = BeginDecision(out long sequence, out ulong seed);
            ReadOnlySpan<int> active = ActiveArms;
            Span<double> all = _scores.AsSpan(0, SlotCount);
            int arm = Choose(active, all, random, explore, out double propensity, out bool explored);
            if (!probabilities.IsEmpty)
            {
                WriteProbabilities(probabilities, explore);
            }

            return CompleteDecision(arm, propensity, explored, sequence, seed, all, scores);
        }
    }

    /// <summary>Zeroes the first <see cref="Bandit.ArmSlotCount"/> entries and writes the active arms' probabilities (callers hold the lock).</summary>
    private void WriteProbabilities(Span<double> probabilities, bool explore)
    {
        Span<double> destination = probabilities[..SlotCount];
        destination.Clear();
        FillProbabilities(ActiveArms, _probabilityScores.AsSpan(0, SlotCount), destination, explore);
    }

    private void Update(int arm, double reward, double propensity)
    {
        ValidateRewardArgument(reward, nameof(reward));
        lock (Gate)
        {
            RequireActiveArm(arm, nameof(arm));
            Apply(arm, reward, propensity);
        }
    }

    private void Apply(int arm, double reward, double propensity)
    {
        _pulls[arm]++;
        _rewardSums[arm] += reward;
        CountUpdate();
        Learn(arm, reward, propensity, ActiveArms);
    }
}
