namespace RlCommons.Contextual;

/// <summary>
/// A decision of a <see cref="ContextualBandit{TContext}"/>: the core <see cref="RlCommons.Decision"/> plus
/// what an adapter needs to log it and learn from it later — the arm's name, the feature vector the
/// decision saw, and every arm's score.
/// </summary>
/// <param name="Decision">The core decision (arm index, propensity, seed, sequence).</param>
/// <param name="Arm">The chosen arm's name.</param>
/// <param name="Features">The feature vector the decision was made with (pass the decision back to learn from exactly these).</param>
/// <param name="Scores">Every arm's score, indexed by arm index (NaN for removed arms).</param>
public sealed record ContextualDecision(Decision Decision, string Arm, float[] Features, double[] Scores)
{
    /// <summary>The chosen arm's index.</summary>
    public int Action => Decision.Action;

    /// <summary>The probability the policy had of choosing this arm.</summary>
    public double Propensity => Decision.Propensity;
}
