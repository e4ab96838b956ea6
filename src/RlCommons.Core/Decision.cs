using RlCommons.Decisions;

namespace RlCommons;

/// <summary>
/// The outcome of one decision by an agent: which action it took, with what probability, and the seed of
/// the randomness it used. It is the record a host application logs so that experiments and off-policy
/// evaluation stay valid and any decision can be replayed.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Propensity"/> is the probability, under the policy that acted, of choosing <see cref="Action"/>
/// given everything the policy knew at that moment (including ties, which agents break uniformly at random).
/// Inverse-propensity estimators divide by it, so agents report the exact value where one exists in closed
/// form and a documented numerical estimate otherwise.
/// </para>
/// <para>
/// Agents seed the randomness of decision number <see cref="Sequence"/> with <see cref="Seed"/>, derived from
/// the agent's seed and the sequence number alone (<see cref="Randomness.SeedSequence.Derive"/>). An agent
/// restored from a snapshot taken just before the decision reproduces it exactly.
/// </para>
/// </remarks>
public readonly record struct Decision
{
    /// <summary>Creates a decision record.</summary>
    /// <param name="action">The index of the chosen action (for bandits, the arm's stable index).</param>
    /// <param name="propensity">The probability of <paramref name="action"/> under the acting policy, in (0, 1], or <see cref="double.NaN"/> when the agent was configured not to compute it.</param>
    /// <param name="score">The score of the chosen action (value estimate, upper confidence bound or sample, depending on the agent).</param>
    /// <param name="explored"><see langword="true"/> when the action was chosen by exploration rather than as the greedy choice.</param>
    /// <param name="sequence">The 1-based number of this decision in the agent's stream.</param>
    /// <param name="seed">The seed of the randomness this decision used.</param>
    public Decision(int action, double propensity, double score, bool explored, long sequence, ulong seed)
    {
        Action = action;
        Propensity = propensity;
        Score = score;
        Explored = explored;
        Sequence = sequence;
        Seed = seed;
    }

    /// <summary>The index of the chosen action. For bandits this is the arm's stable index.</summary>
    public int Action { get; init; }

    /// <summary>
    /// The probability that the acting policy chooses <see cref="Action"/> in this situation, in (0, 1];
    /// <see cref="double.NaN"/> only when the agent was explicitly configured not to compute it.
    /// </summary>
    public double Propensity { get; init; }

    /// <summary>The score of the chosen action: a value estimate, an upper confidence bound or a posterior sample, depending on the agent.</summary>
    public double Score { get; init; }

    /// <summary><see langword="true"/> when the action was chosen by exploration rather than as the greedy choice.</summary>
    public bool Explored { get; init; }

    /// <summary>The 1-based number of this decision in the agent's stream of decisions.</summary>
    public long Sequence { get; init; }

    /// <summary>The seed of the randomness this decision used (see the remarks on <see cref="Decision"/>).</summary>
    public ulong Seed { get; init; }

    /// <summary>Who chose the action and why; <see cref="DecisionSource.Learned"/> for an agent's own decisions, set by mixtures such as <c>SafeSelector</c>.</summary>
    public DecisionSource Source { get; init; }
}
