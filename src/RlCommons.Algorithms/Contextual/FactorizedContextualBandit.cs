using System.Globalization;
using System.Text;
using RlCommons.Policies;
using RlCommons.Snapshots;
using RlCommons.Spaces;

namespace RlCommons.Algorithms.Contextual;

/// <summary>
/// A contextual bandit over composite discrete actions (price level × discount × trial days × copy variant…) that
/// keeps one linear bandit per component: each component chooses its value from the shared features, and each learns
/// every reward for the value it chose. The joint action is the combination; its propensity is the product of the
/// components' propensities (they decide independently), and so is its whole distribution.
/// </summary>
/// <remarks>
/// <para>Model: the expected reward is treated as a sum of per-component effects (each component's ridge model absorbs
/// the others' average effect). This needs K₁ + … + K_m models instead of K₁ × … × K_m, and learns from every reward in
/// every component; interactions between components are only captured through features that encode them. A
/// product-of-components distribution is the standard factorization of combinatorial actions (the "multi-discrete"
/// policies of SB3 make the same assumption for their categorical heads).</para>
/// <para>Actions are the joint indices of <see cref="ActionSpace"/> (<see cref="MultiDiscreteSpace.ToJointIndex"/>), so
/// a decision point records each component's value. The components' arms are fixed at construction: adding or
/// removing arms on a component afterwards makes <see cref="Decide"/> throw.</para>
/// <para>Thread safety: every member may be called from many threads (each component has its own lock; a decision
/// reads every component in turn, so a concurrent update may land between two components).</para>
/// </remarks>
public sealed class FactorizedContextualBandit : IMultiDiscretePolicy, ILearningPolicy, ISnapshotable
{
    private readonly (string Name, LinearBandit Policy)[] _components;
    private readonly int[] _counts;

    /// <summary>Creates the bandit from one linear bandit per component.</summary>
    /// <param name="components">The components, in joint-index order (the first is the most significant): a name and a linear bandit whose arms are the component's values. Every bandit reads the same number of features.</param>
    /// <exception cref="ArgumentException">No component, a blank or repeated name, feature dimensions that differ, a component without an active arm or with removed arms, or more than <see cref="int.MaxValue"/> joint actions.</exception>
    public FactorizedContextualBandit(IEnumerable<(string Name, LinearBandit Policy)> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        _components = [.. components];
        if (_components.Length == 0)
        {
            throw new ArgumentException("At least one component is required.", nameof(components));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < _components.Length; i++)
        {
            (string name, LinearBandit policy) = _components[i];
            if (string.IsNullOrWhiteSpace(name) || !names.Add(name))
            {
                throw new ArgumentException($"components[{i}] needs a name that is not blank and not used by another component, was '{name}'.", nameof(components));
            }

            ArgumentNullException.ThrowIfNull(policy, $"components[{i}].Policy");
            if (policy.Dimension != _components[0].Policy.Dimension)
            {
                throw new ArgumentException($"Component '{name}' reads {policy.Dimension} features, component '{_components[0].Name}' {_components[0].Policy.Dimension}; they must read the same features.", nameof(components));
            }

            if (policy.ArmCount == 0 || policy.ArmCount != policy.ArmSlotCount)
            {
                throw new ArgumentException($"Component '{name}' must have active arms only (it has {policy.ArmCount} active of {policy.ArmSlotCount} slots).", nameof(components));
            }
        }

        _counts = [.. _components.Select(c => c.Policy.ArmSlotCount)];
        ActionSpace = new MultiDiscreteSpace(_counts);
        if (ActionSpace.JointCount < 0)
        {
            throw new ArgumentException($"{ActionSpace} has more than {int.MaxValue} joint actions.", nameof(components));
        }
    }

    /// <inheritdoc />
    public MultiDiscreteSpace ActionSpace { get; }

    /// <summary>The components' names, in joint-index order.</summary>
    public IReadOnlyList<string> ComponentNames => [.. _components.Select(c => c.Name)];

    /// <inheritdoc />
    public int ActionCount => ActionSpace.JointCount;

    /// <inheritdoc />
    public int FeatureCount => _components[0].Policy.Dimension;

    /// <inheritdoc />
    public string SnapshotType => "RlCommons.FactorizedContextualBandit";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>Returns component <paramref name="index"/>'s bandit.</summary>
    /// <param name="index">The component's position.</param>
    /// <returns>Its linear bandit.</returns>
    public LinearBandit GetComponent(int index) => _components[index].Policy;

    /// <inheritdoc />
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        RequireFixedArms();
        RequireBuffer(probabilities);
        int joint = 0;
        double propensity = 1;
        bool explored = false;
        Decision first = default;
        for (int i = 0; i < _components.Length; i++)
        {
            Decision d = _components[i].Policy.Decide(features, explore);
            joint = (joint * _counts[i]) + d.Action;
            propensity *= d.Propensity;
            explored |= d.Explored;
            if (i == 0)
            {
                first = d;
            }
        }

        if (!probabilities.IsEmpty)
        {
            GetProbabilities(features, probabilities, explore);
        }

        return new Decision(joint, propensity, double.NaN, explored, first.Sequence, first.Seed);
    }

    /// <inheritdoc />
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        RequireFixedArms();
        if (probabilities.Length < ActionCount)
        {
            throw new ArgumentException($"The probabilities buffer needs {ActionCount} entries, it has {probabilities.Length}.", nameof(probabilities));
        }

        // The outer product of the components' distributions, in joint-index order (the last component varies fastest).
        probabilities[0] = 1;
        int filled = 1;
        int widest = _counts.Max();
        Span<double> scratch = widest <= 256 ? stackalloc double[widest] : new double[widest];
        foreach ((_, LinearBandit policy) in _components)
        {
            int k = policy.ArmSlotCount;
            Span<double> p = scratch[..k];
            policy.GetProbabilities(features, p, explore);
            for (int j = filled - 1; j >= 0; j--)
            {
                double prefix = probabilities[j];
                for (int a = k - 1; a >= 0; a--)
                {
                    probabilities[(j * k) + a] = prefix * p[a];
                }
            }

            filled *= k;
        }
    }

    /// <summary>The action's name: each component's name and arm, as <c>price=19 | discount=10%</c>.</summary>
    /// <param name="action">A joint index.</param>
    /// <returns>The name.</returns>
    public string GetActionName(int action)
    {
        Span<int> values = stackalloc int[_counts.Length];
        ActionSpace.FromJointIndex(action, values);
        var name = new StringBuilder();
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                name.Append(" | ");
            }

            name.Append(CultureInfo.InvariantCulture, $"{_components[i].Name}={_components[i].Policy.GetArmName(values[i])}");
        }

        return name.ToString();
    }

    /// <summary>Learns <paramref name="reward"/> for the joint action <paramref name="action"/>: each component learns it for the value it chose.</summary>
    /// <param name="features">The features the decision was made with.</param>
    /// <param name="action">The joint index.</param>
    /// <param name="reward">The reward; finite.</param>
    /// <param name="propensity">Unused (the components are not importance-weighted).</param>
    /// <exception cref="ArgumentException">The action is out of range, or the features or reward are invalid; nothing changes.</exception>
    public void Learn(ReadOnlySpan<float> features, int action, double reward, double propensity)
    {
        RequireFixedArms();
        Span<int> values = stackalloc int[_counts.Length];
        ActionSpace.FromJointIndex(action, values);
        NumericDomain.RequireReward(reward, nameof(reward));

        // The first component validates the features; the rest then cannot fail on them.
        for (int i = 0; i < _components.Length; i++)
        {
            _components[i].Policy.Update(values[i], features, reward);
        }
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(_components.Length);
        foreach ((string name, LinearBandit policy) in _components)
        {
            writer.WriteString(name);
            writer.WriteInt32(policy.SnapshotVersion);
            var part = new SnapshotWriter();
            policy.WriteSnapshot(part);
            writer.WriteBytes(part.WrittenSpan);
        }
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int count = reader.ReadInt32();
        if (count != _components.Length)
        {
            throw new SnapshotException($"The snapshot has {count} components; this bandit has {_components.Length}.");
        }

        var parts = new (int Version, byte[] Payload)[count];
        for (int i = 0; i < count; i++)
        {
            string? name = reader.ReadString();
            if (!string.Equals(name, _components[i].Name, StringComparison.Ordinal))
            {
                throw new SnapshotException($"Component {i} of the snapshot is '{name}'; this bandit's is '{_components[i].Name}'.");
            }

            parts[i] = (reader.ReadInt32(), reader.ReadBytes());
        }

        reader.EnsureEnd();

        // All or nothing: each component loads all or nothing; if a later one refuses, the earlier ones go back.
        byte[][] saved = [.. _components.Select(c => Snapshot.ToBytes(c.Policy))];
        int loaded = 0;
        try
        {
            for (; loaded < count; loaded++)
            {
                _components[loaded].Policy.ReadSnapshot(new SnapshotReader(parts[loaded].Payload), parts[loaded].Version);
            }
        }
        catch (SnapshotException)
        {
            for (int j = 0; j < loaded; j++)
            {
                Snapshot.Load(_components[j].Policy, saved[j]);
            }

            throw;
        }
    }

    private void RequireFixedArms()
    {
        for (int i = 0; i < _components.Length; i++)
        {
            LinearBandit policy = _components[i].Policy;
            if (policy.ArmSlotCount != _counts[i] || policy.ArmCount != _counts[i])
            {
                throw new InvalidOperationException($"The arms of component '{_components[i].Name}' changed after the factorized bandit was built ({_counts[i]} then, {policy.ArmCount} active of {policy.ArmSlotCount} now).");
            }
        }
    }

    private void RequireBuffer(Span<double> probabilities)
    {
        if (!probabilities.IsEmpty && probabilities.Length < ActionCount)
        {
            throw new ArgumentException($"The probabilities buffer needs {ActionCount} entries, it has {probabilities.Length}.", nameof(probabilities));
        }
    }
}
