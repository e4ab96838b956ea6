using System.Diagnostics;
using System.Diagnostics.Metrics;
using RlCommons.Diagnostics;

namespace RlCommons.Snapshots;

/// <summary>
/// Snapshot writes and loads on the <c>RlCommons</c> meter: <c>rlcommons.snapshot.saves</c> and
/// <c>rlcommons.snapshot.loads</c> (counters, <c>{snapshot}</c>, tag <c>type</c>: the snapshot type).
/// </summary>
internal static class SnapshotMetrics
{
    private static readonly Counter<long> Saves = SharedMeter.Instance.CreateCounter<long>("rlcommons.snapshot.saves", "{snapshot}", "Snapshots written.");
    private static readonly Counter<long> Loads = SharedMeter.Instance.CreateCounter<long>("rlcommons.snapshot.loads", "{snapshot}", "Snapshots loaded.");

    public static void Saved(string type)
    {
        if (Saves.Enabled)
        {
            Saves.Add(1, new TagList { { "type", type } });
        }
    }

    public static void Loaded(string type)
    {
        if (Loads.Enabled)
        {
            Loads.Add(1, new TagList { { "type", type } });
        }
    }
}
