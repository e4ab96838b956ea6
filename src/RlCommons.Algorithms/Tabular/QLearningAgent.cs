namespace RlCommons.Algorithms.Tabular;

/// <summary>
/// Tabular Q-learning, the off-policy temporal-difference control of Watkins (<i>Learning from Delayed Rewards</i>,
/// PhD thesis, 1989); Sutton &amp; Barto, <i>Reinforcement Learning: An Introduction</i> (2nd ed., 2018), §6.5:
/// <c>Q(s, a) ← Q(s, a) + α [r + γ max<sub>a′</sub> Q(s′, a′) − Q(s, a)]</c>. It learns the values of the greedy
/// policy whatever policy acts, so its greedy policy converges to an optimal one when every pair keeps being tried.
/// </summary>
/// <remarks>See <see cref="TabularAgent"/> for decisions, thread safety, reproducibility and bad input.</remarks>
/// <param name="options">The options; validated and copied when the agent is built.</param>
/// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
public sealed class QLearningAgent(QLearningOptions options) : TabularAgent(options)
{
    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.QLearningAgent";

    /// <summary>Learns from one transition (s, a, r, s′). Allocation-free.</summary>
    /// <param name="state">The state s the action was taken in.</param>
    /// <param name="action">The action a.</param>
    /// <param name="reward">The reward r; finite and within ±1e15 (which keeps every Q finite).</param>
    /// <param name="nextState">The state s′ reached (validated even when <paramref name="terminal"/>).</param>
    /// <param name="terminal"><see langword="true"/> when s′ ends the episode: the target is then r alone, with no bootstrap.</param>
    /// <exception cref="ArgumentException">A state or action is out of range, or the reward is outside ±1e15 (<see cref="ArgumentOutOfRangeException"/>); nothing changes.</exception>
    public void Learn(int state, int action, double reward, int nextState, bool terminal)
        => Apply(state, action, reward, nextState, -1, [], terminal);

    /// <summary>
    /// Learns from one transition (s, a, r, s′) when only some actions are allowed in s′: the bootstrap is the
    /// maximum over those, so values of actions that can never be taken there do not leak into Q(s, a). Allocation-free.
    /// </summary>
    /// <param name="state">The state s the action was taken in.</param>
    /// <param name="action">The action a.</param>
    /// <param name="reward">The reward r; finite and within ±1e15 (which keeps every Q finite).</param>
    /// <param name="nextState">The state s′ reached (validated even when <paramref name="terminal"/>).</param>
    /// <param name="nextAllowedActions">Empty (every action allowed), or <see cref="TabularAgent.ActionCount"/> flags with at least one <see langword="true"/>.</param>
    /// <param name="terminal"><see langword="true"/> when s′ ends the episode: the target is then r alone, with no bootstrap.</param>
    /// <exception cref="ArgumentException">A state or action is out of range, the mask is invalid, or the reward is outside ±1e15 (<see cref="ArgumentOutOfRangeException"/>); nothing changes.</exception>
    public void Learn(int state, int action, double reward, int nextState, ReadOnlySpan<bool> nextAllowedActions, bool terminal)
    {
        RequireMask(nextAllowedActions, nameof(nextAllowedActions));
        Apply(state, action, reward, nextState, -1, nextAllowedActions, terminal);
    }

    private protected override double Bootstrap(ReadOnlySpan<double> nextValues, int nextAction, ReadOnlySpan<bool> nextAllowed)
    {
        // The greedy (max) value makes the update off-policy: it does not depend on the action taken next.
        double max = double.NegativeInfinity;
        for (int a = 0; a < nextValues.Length; a++)
        {
            if (nextAllowed.IsEmpty || nextAllowed[a])
            {
                max = Math.Max(max, nextValues[a]);
            }
        }

        return max;
    }
}
