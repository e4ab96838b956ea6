using System.Diagnostics;
using System.Diagnostics.Metrics;
using RlCommons.Diagnostics;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Diagnostics;

/// <summary>
/// The agents' own instruments on the <c>RlCommons</c> meter: <c>rlcommons.agent.decisions</c> and
/// <c>rlcommons.agent.updates</c> (counters, tag <c>agent</c>: the agent's snapshot type, low-cardinality): bandits and
/// tabular agents count decisions and learned rewards, the deep agents (DQN, SAC, REINFORCE, A2C, PPO) count their
/// gradient steps as updates. Recording costs one flag check when nothing listens.
/// </summary>
internal static class AgentMetrics
{
    private static readonly Meter Meter = new(RlCommonsDiagnostics.Name);
    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>("rlcommons.agent.decisions", "{decision}", "Decisions made by agents.");
    private static readonly Counter<long> Updates = Meter.CreateCounter<long>("rlcommons.agent.updates", "{update}", "Rewards or transitions learned by agents.");

    public static void Decided(ISnapshotable agent)
    {
        if (Decisions.Enabled)
        {
            Decisions.Add(1, new TagList { { "agent", agent.SnapshotType } });
        }
    }

    public static void Updated(ISnapshotable agent)
    {
        if (Updates.Enabled)
        {
            Updates.Add(1, new TagList { { "agent", agent.SnapshotType } });
        }
    }
}
