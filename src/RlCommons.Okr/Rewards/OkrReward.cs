using RlCommons.Okr.Dsl;
using RlCommons.Okr.Shaping;
using RlCommons.Rewards;
using RlCommons.Snapshots;

namespace RlCommons.Okr.Rewards;

/// <summary>
/// Turns an <see cref="Okr"/> into a reward for a transition from metrics s to s′, with a breakdown naming every part:
/// <list type="bullet">
/// <item>key results: Σ wᵢ · (s′[mᵢ] − s[mᵢ]) / targetᵢ, sign flipped for <see cref="Direction.Minimize"/>
/// (or the weighted Chebyshev form, see <see cref="Aggregation"/>);</item>
/// <item>constraints: − Σ penaltyⱼ · |s′[mⱼ] − thresholdⱼ| / |thresholdⱼ| over the violated ones (|threshold| read as 1 when it is 0);</item>
/// <item>exploration: scale / √(1 + n(a)), n(a) the times action a was rewarded before (counts kept here and in the snapshot);</item>
/// <item>shaping (optional): γ·Φ(s′) − Φ(s) with Φ the weighted progress (Ng et al. 1999);</item>
/// <item>extra <see cref="IRewardComponent"/>s, each with weight 1.</item>
/// </list>
/// The total is the sum of these; the reward learned from is the total, optionally divided by its running standard
/// deviation and clipped to [−1, 1].
/// </summary>
/// <remarks>
/// Thread-safe: the action counts and the normalization statistics are updated under a lock, so concurrent calls
/// each see a distinct count. Extra components must be thread-safe themselves.
/// </remarks>
public sealed class OkrReward : ISnapshotable
{
    private const string ExplorationTerm = "exploration";
    private const string ShapingTerm = "shaping";

    private readonly Lock _gate = new();
    private readonly IRewardComponent[] _components;
    private readonly string[] _keyResultNames;
    private readonly string[] _constraintNames;
    private readonly double[] _weights;
    private readonly OkrRewardOptions _options;
    private Dictionary<int, long> _counts = [];
    private long _rewardCount;
    private double _rewardMean;
    private double _rewardM2;

    /// <summary>Creates the reward of <paramref name="okr"/>.</summary>
    /// <param name="okr">The OKR.</param>
    /// <param name="options">The settings; defaults when <see langword="null"/>. Copied, so later changes have no effect.</param>
    /// <param name="components">Extra components, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range, or a component is null, has an empty name, a duplicate name, or a name the reward uses itself.</exception>
    public OkrReward(Okr okr, OkrRewardOptions? options = null, IEnumerable<IRewardComponent>? components = null)
    {
        ArgumentNullException.ThrowIfNull(okr);
        options ??= new OkrRewardOptions();
        options.Validate();
        Okr = okr;
        _options = options.Clone();
        _keyResultNames = [.. okr.KeyResults.Select(k => "kr:" + k.Metric)];
        _constraintNames = [.. okr.Constraints.Select(c => "constraint:" + c.Name)];
        _weights = [.. okr.KeyResults.Select(k => k.Weight)];
        _components = components is null ? [] : [.. components];
        var names = new HashSet<string>(_keyResultNames.Concat(_constraintNames), StringComparer.Ordinal) { ExplorationTerm, ShapingTerm };
        for (int i = 0; i < _components.Length; i++)
        {
            IRewardComponent? component = _components[i];
            if (component is null)
            {
                throw new ArgumentException($"components[{i}] is null.", nameof(components));
            }

            if (string.IsNullOrWhiteSpace(component.Name) || !names.Add(component.Name))
            {
                throw new ArgumentException($"components[{i}] has the name '{component.Name}', which is empty or already used by another term of this reward.", nameof(components));
            }
        }
    }

    /// <summary>Gets the OKR this reward comes from.</summary>
    public Okr Okr { get; }

    /// <summary>Gets a copy of the settings in use (changing it has no effect on this reward).</summary>
    public OkrRewardOptions Options => _options.Clone();

    /// <inheritdoc />
    public string SnapshotType => "RlCommons.OkrReward";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>Returns how many times <paramref name="action"/> has been rewarded (its n(a)).</summary>
    /// <param name="action">The action.</param>
    /// <returns>The count, 0 for an action never seen.</returns>
    public long GetActionCount(int action)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(action);
        }
    }

    /// <summary>Computes the reward of the step from <paramref name="before"/> to <paramref name="after"/>.</summary>
    /// <param name="before">The metrics s before the step.</param>
    /// <param name="after">The metrics s′ after the step.</param>
    /// <param name="action">The discrete action taken, counted for the exploration bonus; <see langword="null"/> for no bonus.</param>
    /// <param name="terminal">Whether s′ is terminal (Φ(s′) is then 0).</param>
    /// <returns>
    /// The breakdown: <see cref="RewardBreakdown.Reward"/> is the reward to learn from (the total after the optional
    /// normalization and clipping), <see cref="RewardBreakdown.Total"/> exactly the sum of the terms' contributions,
    /// and no override. Term names: <c>kr:&lt;metric&gt;</c> per key result, <c>constraint:&lt;name&gt;</c> per
    /// constraint (for example <c>constraint:churn_rate &lt;= 0.05</c>), <c>exploration</c>, <c>shaping</c> (only when
    /// potential shaping is on), and each extra component's name, in that order.
    /// </returns>
    /// <exception cref="ArgumentException">A needed metric is missing without a default; or (<see cref="ArgumentOutOfRangeException"/>
    /// naming <paramref name="before"/> or <paramref name="after"/>) a metric is not finite or beyond ±1e15, or the step's total
    /// reward would be beyond ±1e15 (named <paramref name="after"/>); nothing is counted.</exception>
    public RewardBreakdown Compute(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, int? action = null, bool terminal = false)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Compute(new OkrTransition(before, after, action, terminal), nameof(after));
    }

    /// <summary>Computes the reward of <paramref name="transition"/>.</summary>
    /// <param name="transition">The step.</param>
    /// <returns>The breakdown, as for <see cref="Compute(IReadOnlyDictionary{string, double}, IReadOnlyDictionary{string, double}, int?, bool)"/>.</returns>
    /// <exception cref="ArgumentException">A needed metric is missing without a default; or (<see cref="ArgumentOutOfRangeException"/>)
    /// a metric is not finite or beyond ±1e15, or the step's total reward would be beyond ±1e15 (the bound that keeps the
    /// normalization statistics finite and savable); nothing is counted.</exception>
    /// <exception cref="InvalidOperationException">An extra component returned a value that is not finite.</exception>
    public RewardBreakdown Compute(in OkrTransition transition) => Compute(transition, nameof(transition));

    private RewardBreakdown Compute(in OkrTransition transition, string totalParamName)
    {
        IReadOnlyDictionary<string, double> before = transition.Before ?? throw new ArgumentNullException(nameof(transition), "transition.Before is null.");
        IReadOnlyDictionary<string, double> after = transition.After ?? throw new ArgumentNullException(nameof(transition), "transition.After is null.");
        IReadOnlyList<KeyResult> keyResults = Okr.KeyResults;
        int count = keyResults.Count + Okr.Constraints.Count + 1 + (_options.PotentialShaping ? 1 : 0) + _components.Length;
        var terms = new RewardTerm[count];
        int t = 0;

        if (_options.Aggregation == Aggregation.WeightedSum)
        {
            for (int i = 0; i < keyResults.Count; i++)
            {
                KeyResult kr = keyResults[i];
                double delta = (Read(after, kr, nameof(after)) - Read(before, kr, nameof(before))) / kr.Target;
                terms[t++] = new RewardTerm(_keyResultNames[i], kr.Weight, kr.Direction == Direction.Maximize ? delta : -delta);
            }
        }
        else
        {
            // Three spans of the key-result count; on the stack for the usual handful, on the heap beyond.
            int n = keyResults.Count;
            Span<double> scratch = n <= 64 ? stackalloc double[3 * n] : new double[3 * n];
            Span<double> progressBefore = scratch[..n];
            Span<double> progressAfter = scratch.Slice(n, n);
            Span<double> values = scratch.Slice(2 * n, n);
            for (int i = 0; i < keyResults.Count; i++)
            {
                progressBefore[i] = keyResults[i].Progress(Read(before, keyResults[i], nameof(before)));
                progressAfter[i] = keyResults[i].Progress(Read(after, keyResults[i], nameof(after)));
            }

            ChebyshevAggregation.Decompose(_weights, progressBefore, progressAfter, values);
            for (int i = 0; i < keyResults.Count; i++)
            {
                terms[t++] = new RewardTerm(_keyResultNames[i], _weights[i], values[i]);
            }
        }

        for (int j = 0; j < Okr.Constraints.Count; j++)
        {
            Constraint c = Okr.Constraints[j];
            double value = Metrics.Read(after, c.Metric, c.DefaultValue, nameof(after));
            terms[t++] = new RewardTerm(_constraintNames[j], -c.Penalty, c.RelativeViolation(value));
        }

        int explorationIndex = t++;
        if (_options.PotentialShaping)
        {
            double shaping = PotentialShaping.Shape(_options.Gamma, Okr.Potential(before, nameof(before)), Okr.Potential(after, nameof(after)), transition.Terminal);
            terms[t++] = new RewardTerm(ShapingTerm, 1.0, shaping);
        }

        foreach (IRewardComponent component in _components)
        {
            double value = component.Compute(transition);
            if (!double.IsFinite(value))
            {
                throw new InvalidOperationException($"The reward component '{component.Name}' returned {value}; components must return finite values.");
            }

            terms[t++] = new RewardTerm(component.Name, 1.0, value);
        }

        lock (_gate)
        {
            double novelty = 0;
            long n = 0;
            if (transition.Action is { } a)
            {
                n = _counts.GetValueOrDefault(a);
                novelty = 1.0 / Math.Sqrt(1.0 + n);
            }

            terms[explorationIndex] = new RewardTerm(ExplorationTerm, _options.ExplorationScale, novelty);

            double total = 0;
            foreach (RewardTerm term in terms)
            {
                total += term.Contribution;
            }

            // Checked before anything is counted: a total within ±1e15 keeps the normalizer's statistics finite.
            if (!NumericDomain.Contains(total))
            {
                throw new ArgumentOutOfRangeException(totalParamName, total, NumericDomain.Describe("The step's total reward", total) + " Rescale the targets, weights or components.");
            }

            if (transition.Action is { } counted)
            {
                _counts[counted] = n + 1;
            }

            double reward = total;
            if (_options.NormalizeReward)
            {
                // Welford's update; scale only, so a positive total stays positive.
                _rewardCount++;
                double delta = total - _rewardMean;
                _rewardMean += delta / _rewardCount;
                _rewardM2 += delta * (total - _rewardMean);
                if (_rewardCount >= 2)
                {
                    reward = total / Math.Sqrt((_rewardM2 / _rewardCount) + _options.NormalizationEpsilon);
                }
            }

            if (_options.Clip)
            {
                reward = Math.Clamp(reward, -1.0, 1.0);
            }

            return new RewardBreakdown(total, terms, AppliedOverride: null) { Reward = reward };
        }
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_gate)
        {
            writer.WriteString(Okr.Id);
            int[] actions = [.. _counts.Keys.Order()];
            writer.WriteInt32s(actions);
            writer.WriteInt64s([.. actions.Select(a => _counts[a])]);
            writer.WriteInt64(_rewardCount);
            writer.WriteDouble(_rewardMean);
            writer.WriteDouble(_rewardM2);
        }
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string id = reader.ReadRequiredString();
        if (id != Okr.Id)
        {
            throw new SnapshotException($"The snapshot belongs to the OKR '{id}', not '{Okr.Id}'.");
        }

        int[] actions = reader.ReadInt32s();
        long[] counts = reader.ReadInt64s();
        long rewardCount = reader.ReadInt64();
        double mean = reader.ReadDouble();
        double m2 = reader.ReadDouble();
        reader.EnsureEnd();
        if (actions.Length != counts.Length)
        {
            throw new SnapshotException($"The snapshot has {actions.Length} actions but {counts.Length} counts.");
        }

        var restored = new Dictionary<int, long>(actions.Length);
        for (int i = 0; i < actions.Length; i++)
        {
            if (counts[i] < 0 || !restored.TryAdd(actions[i], counts[i]))
            {
                throw new SnapshotException($"The snapshot's count for action {actions[i]} is negative or repeated.");
            }
        }

        if (rewardCount < 0 || !double.IsFinite(mean) || !double.IsFinite(m2) || m2 < 0)
        {
            throw new SnapshotException("The snapshot's normalization statistics are not valid.");
        }

        lock (_gate)
        {
            _counts = restored;
            _rewardCount = rewardCount;
            _rewardMean = mean;
            _rewardM2 = m2;
        }
    }

    private static double Read(IReadOnlyDictionary<string, double> metrics, KeyResult kr, string snapshot)
        => Metrics.Read(metrics, kr.Metric, kr.DefaultValue, snapshot);
}
