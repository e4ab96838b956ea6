using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RlCommons.Monitoring.Metrics;

/// <summary>
/// The instruments of the one <see cref="Meter"/> named <c>RlCommons</c>. Names are lowercase and dotted, every
/// instrument has a unit, and tags are low-cardinality labels (agent, loss, guard, experiment, variant, segment):
/// never put user ids or free text in them.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Instrument</term><description>Kind, unit, tags</description></listheader>
/// <item><term><c>rlcommons.decisions</c></term><description>counter, <c>{decision}</c>, agent, explored</description></item>
/// <item><term><c>rlcommons.rewards</c></term><description>histogram, <c>{reward}</c>, agent, segment (optional)</description></item>
/// <item><term><c>rlcommons.episode.return</c></term><description>histogram, <c>{reward}</c>, agent, segment (optional): the return of each finished episode (kept apart from per-decision rewards)</description></item>
/// <item><term><c>rlcommons.training.loss</c></term><description>histogram, <c>1</c>, agent, loss</description></item>
/// <item><term><c>rlcommons.safety.interventions</c></term><description>counter, <c>{intervention}</c>, guard, action</description></item>
/// <item><term><c>rlcommons.experiment.exposures</c></term><description>counter, <c>{exposure}</c>, experiment, variant</description></item>
/// </list>
/// <para>Thread safety: every recording method is safe from any thread (System.Diagnostics.Metrics instruments are).</para>
/// </remarks>
public sealed class RlCommonsMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "RlCommons";

    private readonly bool _ownsMeter;
    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _rewards;
    private readonly Histogram<double> _episodeReturns;
    private readonly Histogram<double> _losses;
    private readonly Counter<long> _interventions;
    private readonly Counter<long> _exposures;

    /// <summary>Creates the meter through <paramref name="meterFactory"/>, which owns and disposes it (the DI way).</summary>
    /// <param name="meterFactory">The factory, usually from dependency injection.</param>
    public RlCommonsMetrics(IMeterFactory meterFactory)
        : this((meterFactory ?? throw new ArgumentNullException(nameof(meterFactory))).Create(new MeterOptions(MeterName)), ownsMeter: false)
    {
    }

    /// <summary>Creates a meter of its own, disposed with this object (for use without dependency injection).</summary>
    public RlCommonsMetrics()
        : this(new Meter(MeterName), ownsMeter: true)
    {
    }

    private RlCommonsMetrics(Meter meter, bool ownsMeter)
    {
        Meter = meter;
        _ownsMeter = ownsMeter;
        _decisions = meter.CreateCounter<long>("rlcommons.decisions", "{decision}", "Decisions taken by agents.");
        _rewards = meter.CreateHistogram<double>("rlcommons.rewards", "{reward}", "Rewards received by agents.");
        _episodeReturns = meter.CreateHistogram<double>("rlcommons.episode.return", "{reward}", "Returns of finished episodes.");
        _losses = meter.CreateHistogram<double>("rlcommons.training.loss", "1", "Training losses, by loss term.");
        _interventions = meter.CreateCounter<long>("rlcommons.safety.interventions", "{intervention}", "Actions blocked, replaced or overridden by safety guards.");
        _exposures = meter.CreateCounter<long>("rlcommons.experiment.exposures", "{exposure}", "Units exposed to an experiment variant.");
    }

    /// <summary>The <c>RlCommons</c> meter.</summary>
    public Meter Meter { get; }

    /// <summary>Counts one decision.</summary>
    /// <param name="agent">The agent's name (low cardinality).</param>
    /// <param name="explored">Whether the decision explored rather than exploited.</param>
    public void RecordDecision(string agent, bool explored)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        _decisions.Add(1, new TagList { { "agent", agent }, { "explored", explored } });
    }

    /// <summary>Records one reward.</summary>
    /// <param name="agent">The agent's name (low cardinality).</param>
    /// <param name="reward">The reward, finite.</param>
    /// <param name="segment">An optional segment (for example a customer tier) for per-segment breakdowns; low cardinality.</param>
    public void RecordReward(string agent, double reward, string? segment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        RequireFinite(reward, nameof(reward));
        var tags = new TagList { { "agent", agent } };
        if (!string.IsNullOrEmpty(segment))
        {
            tags.Add("segment", segment);
        }

        _rewards.Record(reward, tags);
    }

    /// <summary>Records the return of one finished episode (not a per-decision reward: see <see cref="RecordReward"/>).</summary>
    /// <param name="agent">The agent's name (low cardinality).</param>
    /// <param name="episodeReturn">The episode's return, finite.</param>
    /// <param name="segment">An optional segment; low cardinality.</param>
    public void RecordEpisodeReturn(string agent, double episodeReturn, string? segment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        RequireFinite(episodeReturn, nameof(episodeReturn));
        var tags = new TagList { { "agent", agent } };
        if (!string.IsNullOrEmpty(segment))
        {
            tags.Add("segment", segment);
        }

        _episodeReturns.Record(episodeReturn, tags);
    }

    /// <summary>Records one training loss value.</summary>
    /// <param name="agent">The agent's name (low cardinality).</param>
    /// <param name="loss">The loss term, for example "policy", "value" or "td".</param>
    /// <param name="value">The loss value, finite.</param>
    public void RecordLoss(string agent, string loss, double value)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        ArgumentException.ThrowIfNullOrEmpty(loss);
        RequireFinite(value, nameof(value));
        _losses.Record(value, new TagList { { "agent", agent }, { "loss", loss } });
    }

    /// <summary>Counts one safety intervention.</summary>
    /// <param name="guard">The guard or rule that intervened.</param>
    /// <param name="action">What it did, for example "block", "fallback" or "override".</param>
    public void RecordSafetyIntervention(string guard, string action)
    {
        ArgumentException.ThrowIfNullOrEmpty(guard);
        ArgumentException.ThrowIfNullOrEmpty(action);
        _interventions.Add(1, new TagList { { "guard", guard }, { "action", action } });
    }

    /// <summary>Counts one experiment exposure.</summary>
    /// <param name="experiment">The experiment key.</param>
    /// <param name="variant">The variant's name.</param>
    public void RecordExposure(string experiment, string variant)
    {
        ArgumentException.ThrowIfNullOrEmpty(experiment);
        ArgumentException.ThrowIfNullOrEmpty(variant);
        _exposures.Add(1, new TagList { { "experiment", experiment }, { "variant", variant } });
    }

    /// <summary>Disposes the meter when this object created it; a factory's meter is left to the factory.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    private static void RequireFinite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The value must be finite.");
        }
    }
}
