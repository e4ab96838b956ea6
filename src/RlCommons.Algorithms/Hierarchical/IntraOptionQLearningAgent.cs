namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// Intra-option Q-learning (Sutton, Precup &amp; Singh 1999, §6, eq. 20): after every primitive step (s, a, r, s′) it
/// updates every option o whose policy takes a in s, whichever option acted:
/// <c>Q(s, o) ← Q(s, o) + α [r + γ U(s′, o) − Q(s, o)]</c> with
/// <c>U(s′, o) = (1 − β<sub>o</sub>(s′)) Q(s′, o) + β<sub>o</sub>(s′) max<sub>o′ ∈ O(s′)</sub> Q(s′, o′)</c>
/// (the target is r alone when s′ is terminal). Learning from every step and every consistent option makes it use
/// each experience far more than <see cref="SmdpQLearningAgent"/>; for primitive options it is plain Q-learning.
/// </summary>
/// <remarks>
/// The options are deterministic Markov options, so "consistent" means π<sub>o</sub>(s) = a. See
/// <see cref="OptionValueAgent"/> for the loop, reproducibility and thread safety.
/// </remarks>
/// <param name="options">The options; validated and copied when the agent is built.</param>
/// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
public sealed class IntraOptionQLearningAgent(IntraOptionQLearningOptions options) : OptionValueAgent(options)
{
    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.IntraOptionQLearningAgent";

    private protected override void OnStep(int state, int action, double reward, int nextState, bool terminal)
    {
        // max over O(s′) is the same for every option: compute it once.
        double best = terminal ? 0 : MaxAvailable(nextState);
        ReadOnlySpan<double> next = Row(nextState);
        for (int o = 0; o < OptionCount; o++)
        {
            Option option = Options[o];
            if (option.ActionAt(state) != action)
            {
                continue;
            }

            double target = reward;
            if (!terminal)
            {
                double beta = option.TerminationAt(nextState);
                target += DiscountFactor * (((1 - beta) * next[o]) + (beta * best));
            }

            MoveToward(state, o, target);
        }
    }
}
