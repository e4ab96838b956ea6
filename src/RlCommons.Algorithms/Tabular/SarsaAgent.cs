namespace RlCommons.Algorithms.Tabular;

/// <summary>
/// Tabular SARSA, the on-policy temporal-difference control of Rummery &amp; Niranjan (1994); Sutton &amp; Barto,
/// <i>Reinforcement Learning: An Introduction</i> (2nd ed., 2018), §6.4:
/// <c>Q(s, a) ← Q(s, a) + α [r + γ Q(s′, a′) − Q(s, a)]</c> with a′ the action actually taken next. It learns the
/// values of the ε-greedy policy that acts, so it prefers paths that stay safe under exploration.
/// </summary>
/// <remarks>See <see cref="TabularAgent"/> for decisions, thread safety, reproducibility and bad input.</remarks>
/// <param name="options">The options; validated and copied when the agent is built.</param>
/// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
public sealed class SarsaAgent(SarsaOptions options) : TabularAgent(options)
{
    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.SarsaAgent";

    /// <summary>Learns from one step (s, a, r, s′, a′). Allocation-free.</summary>
    /// <param name="state">The state s the action was taken in.</param>
    /// <param name="action">The action a.</param>
    /// <param name="reward">The reward r; finite and within ±1e15 (which keeps every Q finite).</param>
    /// <param name="nextState">The state s′ reached (validated even when <paramref name="terminal"/>).</param>
    /// <param name="nextAction">The action a′ chosen in s′ by the acting policy (validated even when <paramref name="terminal"/>; any valid action will do then).</param>
    /// <param name="terminal"><see langword="true"/> when s′ ends the episode: the target is then r alone, with no bootstrap.</param>
    /// <exception cref="ArgumentException">A state or action is out of range, or the reward is outside ±1e15 (<see cref="ArgumentOutOfRangeException"/>); nothing changes.</exception>
    public void Learn(int state, int action, double reward, int nextState, int nextAction, bool terminal)
    {
        RequireAction(nextAction, nameof(nextAction));
        Apply(state, action, reward, nextState, nextAction, [], terminal);
    }

    private protected override double Bootstrap(ReadOnlySpan<double> nextValues, int nextAction, ReadOnlySpan<bool> nextAllowed) => nextValues[nextAction];
}
