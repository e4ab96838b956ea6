using System.Diagnostics;
using System.Diagnostics.Metrics;
using RlCommons.Diagnostics;

namespace RlCommons.Decisions;

/// <summary>
/// The decision points' instruments on the <c>RlCommons</c> meter. Tags are low-cardinality: decision point, policy
/// version, source, status.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Instrument</term><description>Kind, unit, tags</description></listheader>
/// <item><term><c>rlcommons.point.decisions</c></term><description>counter, <c>{decision}</c>: decision_point, policy_version, source</description></item>
/// <item><term><c>rlcommons.point.rewards</c></term><description>counter, <c>{reward}</c>: decision_point, status (joined, combined, duplicate, late, unknown, default, missing, rejected)</description></item>
/// <item><term><c>rlcommons.point.reward.value</c></term><description>histogram, <c>{reward}</c>: decision_point, policy_version, source — the value of each learned reward</description></item>
/// <item><term><c>rlcommons.point.updates</c></term><description>counter, <c>{update}</c>: decision_point</description></item>
/// </list>
/// </remarks>
internal sealed class DecisionPointMetrics
{
    private static readonly string[] SourceNames = Enum.GetNames<DecisionSource>().Select(ToSnakeCase).ToArray();
    private static readonly string[] StatusNames = Enum.GetNames<RewardJoinStatus>().Select(ToSnakeCase).ToArray();

    private readonly Counter<long> _decisions;
    private readonly Counter<long> _rewards;
    private readonly Histogram<double> _rewardValues;
    private readonly Counter<long> _updates;

    public DecisionPointMetrics(IMeterFactory? meterFactory)
    {
        Meter meter = meterFactory?.Create(new MeterOptions(RlCommonsDiagnostics.Name)) ?? SharedMeter.Instance;
        _decisions = meter.CreateCounter<long>("rlcommons.point.decisions", "{decision}", "Decisions made by decision points.");
        _rewards = meter.CreateCounter<long>("rlcommons.point.rewards", "{reward}", "Rewards sent to decision points, by what became of them.");
        _rewardValues = meter.CreateHistogram<double>("rlcommons.point.reward.value", "{reward}", "The value of each reward learned.");
        _updates = meter.CreateCounter<long>("rlcommons.point.updates", "{update}", "Learning updates made from joined rewards.");
    }

    public static string SourceName(DecisionSource source) => (uint)source < (uint)SourceNames.Length ? SourceNames[(int)source] : "unknown";

    public void Decision(string point, string version, DecisionSource source)
    {
        if (_decisions.Enabled)
        {
            _decisions.Add(1, new TagList { { "decision_point", point }, { "policy_version", version }, { "source", SourceName(source) } });
        }
    }

    public void Reward(string point, RewardJoinStatus status) => Reward(point, StatusNames[(int)status]);

    public void Reward(string point, string status)
    {
        if (_rewards.Enabled)
        {
            _rewards.Add(1, new TagList { { "decision_point", point }, { "status", status } });
        }
    }

    public void Learned(DecisionRecord record, double reward)
    {
        if (_rewardValues.Enabled)
        {
            _rewardValues.Record(reward, new TagList { { "decision_point", record.DecisionPoint }, { "policy_version", record.PolicyVersion }, { "source", SourceName(record.Source) } });
        }

        if (_updates.Enabled)
        {
            _updates.Add(1, new TagList { { "decision_point", record.DecisionPoint } });
        }
    }

    private static string ToSnakeCase(string name)
    {
        var chars = new List<char>(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                chars.Add('_');
            }

            chars.Add(char.ToLowerInvariant(name[i]));
        }

        return new string([.. chars]);
    }
}
