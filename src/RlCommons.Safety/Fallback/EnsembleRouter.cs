namespace RlCommons.Safety.Fallback;

/// <summary>
/// Combines the recommendations of several policies (learned agents and rule policies) with weights, either by
/// routing each decision to one member or by a weighted vote (see <see cref="EnsembleMode"/>). Members that are not
/// ready or throw are left out of that decision and the remaining weights renormalized.
/// </summary>
/// <typeparam name="TContext">What the policies see.</typeparam>
/// <remarks>Thread safety: <see cref="Decide"/> is thread-safe when the members are; routing randomness for decision n comes from <c>SeedSequence.Derive(seed, n)</c>.</remarks>
public sealed class EnsembleRouter<TContext> : IPolicy<TContext>
{
    private readonly (IPolicy<TContext> Policy, double Weight)[] _members;
    private readonly EnsembleMode _mode;
    private readonly ulong _seed;
    private long _sequence;

    /// <summary>Creates an ensemble.</summary>
    /// <param name="id">The ensemble's policy id; not empty.</param>
    /// <param name="members">At least one member, each with a positive finite weight.</param>
    /// <param name="mode">How the members are combined.</param>
    /// <param name="seed">The routing seed.</param>
    public EnsembleRouter(string id, IEnumerable<(IPolicy<TContext> Policy, double Weight)> members, EnsembleMode mode = EnsembleMode.WeightedRouting, ulong seed = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(members);
        _members = [.. members];
        if (_members.Length == 0)
        {
            throw new ArgumentException("At least one member is required.", nameof(members));
        }

        foreach ((IPolicy<TContext> policy, double weight) in _members)
        {
            if (policy is null || !(weight > 0) || double.IsInfinity(weight))
            {
                throw new ArgumentException($"Every member needs a policy and a positive finite weight; got weight {weight}.", nameof(members));
            }
        }

        Id = id;
        _mode = mode;
        _seed = seed;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <inheritdoc/>
    public bool IsReady => _members.Any(m => m.Policy.IsReady);

    /// <inheritdoc/>
    Decision IPolicy<TContext>.Decide(TContext context) => Decide(context).Decision;

    /// <summary>Decides, recording which member acted (the ensemble's id for a vote).</summary>
    /// <param name="context">The context.</param>
    /// <returns>The decision with the mixture propensity.</returns>
    /// <exception cref="InvalidOperationException">No member could decide.</exception>
    public SafeDecision Decide(TContext context)
    {
        long n = Interlocked.Increment(ref _sequence);
        var answers = new List<(IPolicy<TContext> Policy, double Weight, Decision Decision)>(_members.Length);
        foreach ((IPolicy<TContext> policy, double weight) in _members)
        {
            if (!policy.IsReady)
            {
                continue;
            }

            try
            {
                answers.Add((policy, weight, policy.Decide(context)));
            }
#pragma warning disable CA1031 // A failing member is left out of this decision.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        if (answers.Count == 0)
        {
            throw new InvalidOperationException($"No member of ensemble '{Id}' could decide.");
        }

        double total = answers.Sum(a => a.Weight);
        ulong seed = RoutingDraw.Seed(_seed, n);
        if (_mode == EnsembleMode.WeightedVote)
        {
            var votes = new SortedDictionary<int, double>();
            foreach (var a in answers)
            {
                votes[a.Decision.Action] = votes.GetValueOrDefault(a.Decision.Action) + a.Weight;
            }

            int winner = votes.Aggregate((best, next) => next.Value > best.Value ? next : best).Key;
            double propensity = answers.All(a => a.Decision.Propensity == 1) ? 1 : double.NaN;
            return new SafeDecision(new Decision(winner, propensity, votes[winner] / total, false, n, seed), Id, DecisionSource.Learned, propensity);
        }

        double point = RoutingDraw.Uniform(seed) * total;
        var chosen = answers[^1];
        double cumulative = 0;
        foreach (var a in answers)
        {
            cumulative += a.Weight;
            if (point < cumulative)
            {
                chosen = a;
                break;
            }
        }

        int action = chosen.Decision.Action;
        double mixture = answers.Sum(a => a.Weight * MixturePropensity.Member(a.Policy, a.Decision, context, action)) / total;
        return new SafeDecision(chosen.Decision with { Propensity = mixture, Sequence = n, Seed = seed }, chosen.Policy.Id, DecisionSource.Learned, chosen.Decision.Propensity);
    }
}
