namespace RlCommons.Safety.Fallback;

/// <summary>
/// A policy that can state the probability of any action, not only of the one it chose. Mixtures need it to report
/// an exact propensity when their members disagree (see <see cref="SafeSelector{TContext}"/>).
/// </summary>
/// <typeparam name="TContext">What the policy sees when it decides.</typeparam>
public interface IActionProbabilities<in TContext>
{
    /// <summary>The probability that the policy picks <paramref name="action"/> in <paramref name="context"/>.</summary>
    /// <param name="context">The context.</param>
    /// <param name="action">The action index.</param>
    /// <returns>A probability in [0, 1].</returns>
    double Probability(TContext context, int action);
}
