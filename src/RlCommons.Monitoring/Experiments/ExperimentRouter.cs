using RlCommons.Policies;

namespace RlCommons.Monitoring.Experiments;

/// <summary>
/// Serves an experiment's variants as policies on the common contract: each unit is assigned to a variant by the
/// experiment's sticky hashing, its exposure is recorded, and the variant's policy decides. Behind a decision point
/// (<c>DecisionPoint.Decide(features, unitId)</c>) every decision is logged with its unit, so the experiment can be
/// analysed from the same log (<see cref="ExperimentLogExtensions.RecordRewards"/>).
/// </summary>
/// <remarks>
/// <para>Propensities: a unit's variant is fixed by its id, so a decision's propensity is the serving policy's own
/// probability of the action. Without a unit, <see cref="GetProbabilities(ReadOnlySpan{float}, Span{double}, bool)"/>
/// reports the mixture over variants by their traffic weights (the distribution a random unit meets); deciding without a
/// unit is refused, because no exposure could be recorded.</para>
/// <para>Thread safety: as thread-safe as the variants' policies; the experiment itself is thread-safe.</para>
/// </remarks>
public sealed class ExperimentRouter : IUnitPolicy
{
    private readonly Experiment _experiment;
    private readonly IPolicy[] _policies;
    private readonly double[] _shares;

    /// <summary>Creates the router.</summary>
    /// <param name="experiment">The experiment; it must be running when decisions are made.</param>
    /// <param name="policies">One policy per variant name, all with the same action and feature counts.</param>
    /// <exception cref="ArgumentException">A variant has no policy, a policy names no variant, or the policies' shapes differ.</exception>
    public ExperimentRouter(Experiment experiment, IReadOnlyDictionary<string, IPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(policies);
        _experiment = experiment;
        _policies = new IPolicy[experiment.Variants.Count];
        for (int i = 0; i < _policies.Length; i++)
        {
            string name = experiment.Variants[i].Name;
            _policies[i] = policies.TryGetValue(name, out IPolicy? policy) && policy is not null
                ? policy
                : throw new ArgumentException($"Variant '{name}' of experiment '{experiment.Key}' has no policy.", nameof(policies));
        }

        foreach (string name in policies.Keys)
        {
            if (!experiment.Variants.Any(v => v.Name == name))
            {
                throw new ArgumentException($"Experiment '{experiment.Key}' has no variant '{name}'.", nameof(policies));
            }
        }

        if (_policies.Any(p => p.ActionCount != _policies[0].ActionCount || p.FeatureCount != _policies[0].FeatureCount))
        {
            throw new ArgumentException("Every variant's policy must have the same number of actions and read the same features.", nameof(policies));
        }

        double total = experiment.Variants.Sum(v => v.Weight);
        _shares = [.. experiment.Variants.Select(v => v.Weight / total)];
    }

    /// <inheritdoc />
    public int ActionCount => _policies[0].ActionCount;

    /// <inheritdoc />
    public int FeatureCount => _policies[0].FeatureCount;

    /// <summary>Refused: an experiment decides for a unit (use the overload with a unit id).</summary>
    /// <param name="features">Unused.</param>
    /// <param name="probabilities">Unused.</param>
    /// <param name="explore">Unused.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="InvalidOperationException">Always: without a unit no variant can be assigned.</exception>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        => throw new InvalidOperationException($"Experiment '{_experiment.Key}' assigns units to variants: decide with a unit id (DecisionPoint.Decide(features, unitId)).");

    /// <summary>Records the unit's exposure and lets its variant's policy decide.</summary>
    /// <param name="features">The features.</param>
    /// <param name="unitId">The unit; required.</param>
    /// <param name="probabilities">Empty, or receives the serving policy's distribution.</param>
    /// <param name="explore">Whether to follow the exploring policy.</param>
    /// <returns>The serving policy's decision.</returns>
    /// <exception cref="ArgumentException"><paramref name="unitId"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The experiment is not running.</exception>
    public Decision Decide(ReadOnlySpan<float> features, string? unitId, Span<double> probabilities = default, bool explore = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitId);
        ExperimentVariant variant = _experiment.RecordExposure(unitId);
        return PolicyOf(variant).Decide(features, probabilities, explore);
    }

    /// <summary>The distribution a random unit meets: the variants' distributions mixed by their traffic weights.</summary>
    /// <param name="features">The features.</param>
    /// <param name="probabilities">At least <see cref="ActionCount"/> long.</param>
    /// <param name="explore">Whether to report the exploring policies' distributions.</param>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        if (probabilities.Length < ActionCount)
        {
            throw new ArgumentException($"The probabilities buffer needs {ActionCount} entries, it has {probabilities.Length}.", nameof(probabilities));
        }

        Span<double> mixture = probabilities[..ActionCount];
        mixture.Clear();
        Span<double> member = ActionCount <= 256 ? stackalloc double[ActionCount] : new double[ActionCount];
        for (int i = 0; i < _policies.Length; i++)
        {
            if (_shares[i] > 0)
            {
                _policies[i].GetProbabilities(features, member, explore);
                for (int a = 0; a < member.Length; a++)
                {
                    mixture[a] += _shares[i] * member[a];
                }
            }
        }
    }

    /// <summary>The distribution of the variant <paramref name="unitId"/> is assigned to (no exposure is recorded); the mixture without a unit.</summary>
    /// <param name="features">The features.</param>
    /// <param name="unitId">The unit, or <see langword="null"/>.</param>
    /// <param name="probabilities">At least <see cref="ActionCount"/> long.</param>
    /// <param name="explore">Whether to report the exploring policy's distribution.</param>
    public void GetProbabilities(ReadOnlySpan<float> features, string? unitId, Span<double> probabilities, bool explore = true)
    {
        if (string.IsNullOrEmpty(unitId))
        {
            GetProbabilities(features, probabilities, explore);
            return;
        }

        PolicyOf(_experiment.Assign(unitId)).GetProbabilities(features, probabilities, explore);
    }

    /// <inheritdoc />
    public string GetActionName(int action) => _policies[0].GetActionName(action);

    private IPolicy PolicyOf(ExperimentVariant variant)
    {
        for (int i = 0; i < _policies.Length; i++)
        {
            if (ReferenceEquals(_experiment.Variants[i], variant) || _experiment.Variants[i].Name == variant.Name)
            {
                return _policies[i];
            }
        }

        throw new InvalidOperationException($"Variant '{variant.Name}' is not part of experiment '{_experiment.Key}'.");
    }
}
