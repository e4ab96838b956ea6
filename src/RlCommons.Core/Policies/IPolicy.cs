using System.Globalization;

namespace RlCommons.Policies;

/// <summary>
/// The one contract of everything that decides over a discrete action set: bandits, tabular and deep agents,
/// baselines and mixtures. A policy can decide, and can state the probability of every action in the situation it
/// would decide in, so that mixtures, off-policy evaluation and logged propensities are exact.
/// </summary>
/// <remarks>
/// <para>Actions are the indices <c>0 … ActionCount − 1</c>. Indices that cannot be chosen (a removed bandit arm,
/// a masked action) have probability 0.</para>
/// <para>Consistency: with no state change in between, <see cref="Decide"/> picks action <c>a</c> with the probability
/// <see cref="GetProbabilities"/> reports for <c>a</c>, and <see cref="Decision.Propensity"/> equals that
/// probability (exactly, or to the documented accuracy of a numerical integral).</para>
/// <para>Thread safety: implementations state theirs; the agents of RlCommons may be called from many threads.</para>
/// </remarks>
public interface IPolicy
{
    /// <summary>The number of action indices: the length a probabilities buffer needs.</summary>
    int ActionCount { get; }

    /// <summary>The length of the feature vector the policy reads; 0 when it reads none (features passed to it are then ignored).</summary>
    int FeatureCount { get; }

    /// <summary>Chooses an action for <paramref name="features"/>.</summary>
    /// <param name="features">The features, <see cref="FeatureCount"/> finite values (any length when <see cref="FeatureCount"/> is 0).</param>
    /// <param name="probabilities">Empty, or at least <see cref="ActionCount"/> long: then it receives the distribution the action was drawn from, computed in the same state.</param>
    /// <param name="explore"><see langword="true"/> to follow the exploring (behaviour) policy; <see langword="false"/> for the greedy one.</param>
    /// <returns>The decision, with the action's index and its probability.</returns>
    /// <exception cref="ArgumentException">The features or the buffer are invalid; nothing changes.</exception>
    Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true);

    /// <summary>Writes the probability of every action for <paramref name="features"/> without deciding (no counter moves, no randomness is used).</summary>
    /// <param name="features">The features, as for <see cref="Decide"/>.</param>
    /// <param name="probabilities">At least <see cref="ActionCount"/> long; receives values in [0, 1] that sum to 1.</param>
    /// <param name="explore"><see langword="true"/> for the exploring policy's distribution; <see langword="false"/> for the greedy one's.</param>
    /// <exception cref="ArgumentException">The features or the buffer are invalid.</exception>
    void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true);

    /// <summary>The name of action <paramref name="action"/>; its index as text unless the policy names its actions.</summary>
    /// <param name="action">An action index.</param>
    /// <returns>The name.</returns>
    string GetActionName(int action) => action.ToString(CultureInfo.InvariantCulture);
}
