namespace RlCommons.Policies;

/// <summary>
/// A policy that learns from one reward per decision (the bandits and the <c>ContextualBandit</c> adapter): what a
/// decision point calls when a reward is joined to a decision.
/// </summary>
public interface ILearningPolicy : IPolicy
{
    /// <summary>Learns <paramref name="reward"/> for <paramref name="action"/> taken in the context <paramref name="features"/>.</summary>
    /// <param name="features">The features the decision was made with.</param>
    /// <param name="action">The action taken.</param>
    /// <param name="reward">The observed reward; finite and in the range the policy documents.</param>
    /// <param name="propensity">The probability with which the action was logged (used by importance-weighted learners such as EXP3; others ignore it).</param>
    /// <exception cref="ArgumentException">The input is invalid; nothing changes.</exception>
    void Learn(ReadOnlySpan<float> features, int action, double reward, double propensity);
}
