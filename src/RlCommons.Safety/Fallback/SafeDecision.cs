namespace RlCommons.Safety.Fallback;

/// <summary>A decision made through a safety component, with who acted and why.</summary>
/// <param name="Decision">The decision as logged: <see cref="Decision.Propensity"/> is the probability of the action under the routing mixture (see <see cref="SafeSelector{TContext}"/>), or NaN when it cannot be known.</param>
/// <param name="PolicyId">The id of the policy that acted.</param>
/// <param name="Source">Why that policy acted.</param>
/// <param name="PolicyPropensity">The acting policy's own probability of the action.</param>
/// <param name="Error">The exception the learned policy threw, when <paramref name="Source"/> is <see cref="DecisionSource.LearnedFailed"/>.</param>
public sealed record SafeDecision(Decision Decision, string PolicyId, DecisionSource Source, double PolicyPropensity, Exception? Error = null);
