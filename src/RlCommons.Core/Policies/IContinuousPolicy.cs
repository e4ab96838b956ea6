namespace RlCommons.Policies;

/// <summary>
/// The contract of everything that decides over a continuous (box) action space (PPO's Gaussian, SAC's squashed
/// Gaussian): the continuous counterpart of <see cref="IPolicy"/>. A policy can decide, and can state the
/// log-density of any action in the situation it would decide in, so that off-policy evaluation and importance
/// weights are exact.
/// </summary>
/// <remarks>
/// <para>Densities are with respect to the Lebesgue measure on the action vector the policy writes (after any
/// rescaling to the action box the policy does itself), in nats.</para>
/// <para>Consistency: with no state change in between, the value <see cref="Decide"/> returns for an explored action
/// equals <see cref="LogDensity"/> of the action it wrote (up to the rounding of the action to <see cref="float"/>).
/// The greedy policy (<c>explore: false</c>) is a point mass, whose density at its action is +∞.</para>
/// <para>Thread safety: implementations state theirs.</para>
/// </remarks>
public interface IContinuousPolicy
{
    /// <summary>The length of an action vector.</summary>
    int ActionDimension { get; }

    /// <summary>The length of the feature (observation) vector the policy reads.</summary>
    int FeatureCount { get; }

    /// <summary>Chooses an action for <paramref name="features"/> and writes it to <paramref name="action"/>.</summary>
    /// <param name="features">The features, <see cref="FeatureCount"/> finite values.</param>
    /// <param name="action">Receives <see cref="ActionDimension"/> values.</param>
    /// <param name="explore"><see langword="true"/> to draw from the exploring (stochastic) policy; <see langword="false"/> for its mode.</param>
    /// <returns>The log-density of the written action under the policy that chose it: finite when exploring,
    /// <see cref="double.PositiveInfinity"/> for the greedy (point-mass) policy.</returns>
    /// <exception cref="ArgumentException">The features or the buffer are invalid; nothing changes.</exception>
    double Decide(ReadOnlySpan<float> features, Span<float> action, bool explore = true);

    /// <summary>Returns the log-density of <paramref name="action"/> under the exploring policy for <paramref name="features"/> (no counter moves, no randomness is used).</summary>
    /// <param name="features">The features, as for <see cref="Decide"/>.</param>
    /// <param name="action"><see cref="ActionDimension"/> values; an action outside the policy's support has log-density −∞.</param>
    /// <returns>log π(action | features), in nats.</returns>
    /// <exception cref="ArgumentException">The features or the action have the wrong length, or a value is not finite.</exception>
    double LogDensity(ReadOnlySpan<float> features, ReadOnlySpan<float> action);
}
