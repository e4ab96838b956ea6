namespace RlCommons.Policies;

/// <summary>
/// A policy whose choice may depend on the unit a decision is for (a customer, an account): sticky rollouts route a
/// unit the same way every time, and a safety shield keeps per-unit budgets, cooldowns and contact limits. A decision
/// point passes the unit id given to <c>DecisionPoint.Decide(features, unitId)</c> through these overloads.
/// </summary>
public interface IUnitPolicy : IPolicy
{
    /// <summary>Chooses an action for <paramref name="features"/> on behalf of <paramref name="unitId"/>.</summary>
    /// <param name="features">The features, as for <see cref="IPolicy.Decide"/>.</param>
    /// <param name="unitId">The unit the decision is for, or <see langword="null"/> when there is none (then as <see cref="IPolicy.Decide"/>).</param>
    /// <param name="probabilities">Empty, or at least <see cref="IPolicy.ActionCount"/> long: receives the distribution the action was drawn from.</param>
    /// <param name="explore">Whether to follow the exploring policy.</param>
    /// <returns>The decision, whose propensity is the probability of its action for this unit.</returns>
    Decision Decide(ReadOnlySpan<float> features, string? unitId, Span<double> probabilities = default, bool explore = true);

    /// <summary>Writes the probability of every action for <paramref name="features"/> and <paramref name="unitId"/> without deciding.</summary>
    /// <param name="features">The features.</param>
    /// <param name="unitId">The unit, or <see langword="null"/>.</param>
    /// <param name="probabilities">At least <see cref="IPolicy.ActionCount"/> long.</param>
    /// <param name="explore">Whether to report the exploring policy's distribution.</param>
    void GetProbabilities(ReadOnlySpan<float> features, string? unitId, Span<double> probabilities, bool explore = true);
}
