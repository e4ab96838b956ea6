namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// SMDP Q-learning over options (Bradtke &amp; Duff 1995; Sutton, Precup &amp; Singh 1999, §3.2): when option o,
/// started in s, terminates in s′ after k steps with discounted return G = Σ<sub>i&lt;k</sub> γ<sup>i</sup> r<sub>i</sub>,
/// <c>Q(s, o) ← Q(s, o) + α [G + γ<sup>k</sup> max<sub>o′ ∈ O(s′)</sub> Q(s′, o′) − Q(s, o)]</c>, with no bootstrap
/// when s′ is terminal. It treats options as opaque actions of a semi-Markov decision process and learns only
/// the option that ran, once per execution.
/// </summary>
/// <remarks>See <see cref="OptionValueAgent"/> for the loop, reproducibility and thread safety.</remarks>
/// <param name="options">The options; validated and copied when the agent is built.</param>
/// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
public sealed class SmdpQLearningAgent(SmdpQLearningOptions options) : OptionValueAgent(options)
{
    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.SmdpQLearningAgent";

    private protected override void OnOptionTerminated(ExecutionState run, int state, bool terminal)
        => MoveToward(run.StartState, run.Option, Target(run, state, terminal));

    // The update of OnOptionTerminated changes Q(start, o), which the next choice reads when the option ends where it started.
    private protected override void RowAfterTermination(ExecutionState run, int state, Span<double> row)
    {
        base.RowAfterTermination(run, state, row);
        if (run.StartState == state)
        {
            row[run.Option] = Moved(row[run.Option], Target(run, state, terminal: false));
        }
    }

    private double Target(ExecutionState run, int state, bool terminal)
        => terminal ? run.Return : run.Return + (run.Discount * MaxAvailable(state));
}
