using RlCommons.Assignment;
using RlCommons.Monitoring.Metrics;
using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Experiments;

/// <summary>
/// An A/B(/n) experiment: variants with planned traffic weights, deterministic sticky assignment, recorded exposures
/// and per-unit metric observations, a draft → running → stopped/completed lifecycle, and the analysis that turns
/// the data into a recommendation.
/// </summary>
/// <remarks>
/// <para>Assignment: <see cref="TrafficHash.Bucket"/> of the unit id against the experiment key (SHA-256 of
/// <c>unitId + "\n" + key</c>, first four digest bytes little-endian over 2³², scaled by the weights' sum). With a
/// stratum the hash key becomes <c>key + "\n" + stratum</c>, so each stratum is randomised independently and a
/// unit's variant depends only on its id, the key and its stratum: the same on every machine and every run.</para>
/// <para>Metric model: the randomisation unit is the unit, so the analysed value of a unit is the sum of its
/// observations of the metric (revenue per user, conversions per user). An exposed unit with no observation counts
/// as 0, as a user who did not convert.</para>
/// <para>Thread safety: every member is safe to call concurrently; recording and analysis take one private lock,
/// so an analysis sees a consistent snapshot.</para>
/// </remarks>
public sealed class Experiment
{
    private readonly Lock _gate = new();
    private readonly ExperimentVariant[] _variants;
    private readonly double[] _weights;
    private readonly TimeProvider _time;
    private readonly RlCommonsMetrics? _metrics;
    private readonly Dictionary<string, Exposure> _exposures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, double>> _observations = new(StringComparer.Ordinal);
    private ExperimentState _state = ExperimentState.Draft;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _endedAt;

    /// <summary>Defines a draft experiment.</summary>
    /// <param name="key">The experiment key, part of every assignment hash; changing it reshuffles all units. Must not be empty.</param>
    /// <param name="variants">At least two variants with unique non-empty names and non-negative finite weights. The first is the control and needs a positive weight; a variant with weight 0 is switched off (no traffic, not compared).</param>
    /// <param name="timeProvider">The clock for lifecycle and exposure timestamps. The default is <see cref="TimeProvider.System"/>.</param>
    /// <param name="metrics">Where first exposures are counted (<c>rlcommons.experiment.exposures</c>); null for none.</param>
    /// <exception cref="ArgumentException">The key is empty or the variants are invalid.</exception>
    public Experiment(string key, IReadOnlyList<ExperimentVariant> variants, TimeProvider? timeProvider = null, RlCommonsMetrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Count < 2)
        {
            throw new ArgumentException($"An experiment needs at least two variants, got {variants.Count}.", nameof(variants));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ExperimentVariant v in variants)
        {
            if (v is null || string.IsNullOrEmpty(v.Name))
            {
                throw new ArgumentException("Every variant needs a non-empty name.", nameof(variants));
            }

            if (!names.Add(v.Name))
            {
                throw new ArgumentException($"The variant name '{v.Name}' appears twice.", nameof(variants));
            }

            if (!double.IsFinite(v.Weight) || v.Weight < 0)
            {
                throw new ArgumentException($"Variant '{v.Name}' has weight {v.Weight}; weights must be finite and non-negative.", nameof(variants));
            }
        }

        if (variants[0].Weight <= 0)
        {
            throw new ArgumentException($"The control '{variants[0].Name}' (the first variant) needs a positive weight.", nameof(variants));
        }

        Key = key;
        _variants = [.. variants];
        _weights = [.. variants.Select(v => v.Weight)];
        _time = timeProvider ?? TimeProvider.System;
        _metrics = metrics;
    }

    /// <summary>The experiment key.</summary>
    public string Key { get; }

    /// <summary>The variants in definition order; the first is the control.</summary>
    public IReadOnlyList<ExperimentVariant> Variants => _variants;

    /// <summary>The current lifecycle state.</summary>
    public ExperimentState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>When <see cref="Start"/> was called; null while a draft.</summary>
    public DateTimeOffset? StartedAt
    {
        get
        {
            lock (_gate)
            {
                return _startedAt;
            }
        }
    }

    /// <summary>When the experiment was stopped or completed; null before.</summary>
    public DateTimeOffset? EndedAt
    {
        get
        {
            lock (_gate)
            {
                return _endedAt;
            }
        }
    }

    /// <summary>The number of exposed units.</summary>
    public int ExposedUnits
    {
        get
        {
            lock (_gate)
            {
                return _exposures.Count;
            }
        }
    }

    /// <summary>Moves a draft to running.</summary>
    /// <exception cref="InvalidOperationException">The experiment is not a draft.</exception>
    public void Start() => Transition(ExperimentState.Draft, ExperimentState.Running);

    /// <summary>Ends a running experiment early. Its data stays available for analysis.</summary>
    /// <exception cref="InvalidOperationException">The experiment is not running.</exception>
    public void Stop() => Transition(ExperimentState.Running, ExperimentState.Stopped);

    /// <summary>Ends a running experiment as planned. Its data stays available for analysis.</summary>
    /// <exception cref="InvalidOperationException">The experiment is not running.</exception>
    public void Complete() => Transition(ExperimentState.Running, ExperimentState.Completed);

    /// <summary>Returns the unit's variant without recording anything (pure; allowed in every state).</summary>
    /// <param name="unitId">The unit, for example a user id. Must not be empty.</param>
    /// <param name="stratum">An optional stratum (for example a country); null or empty for none.</param>
    /// <returns>The assigned variant.</returns>
    public ExperimentVariant Assign(string unitId, string? stratum = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitId);
        string hashKey = string.IsNullOrEmpty(stratum) ? Key : Key + "\n" + stratum;
        return _variants[TrafficHash.Bucket(unitId, hashKey, _weights)];
    }

    /// <summary>
    /// Records that the unit saw its variant and returns it. The first exposure of a unit fixes its variant,
    /// stratum and timestamp; later calls return the same variant and record nothing.
    /// </summary>
    /// <param name="unitId">The unit. Must not be empty.</param>
    /// <param name="stratum">An optional stratum; a repeated exposure must give the same one.</param>
    /// <returns>The unit's variant.</returns>
    /// <exception cref="InvalidOperationException">The experiment is not running.</exception>
    /// <exception cref="ArgumentException">The unit id is empty, or the unit was exposed before in another stratum.</exception>
    public ExperimentVariant RecordExposure(string unitId, string? stratum = null)
    {
        ExperimentVariant variant = Assign(unitId, stratum);
        string normalized = stratum ?? string.Empty;
        lock (_gate)
        {
            RequireRunning(nameof(RecordExposure));
            if (_exposures.TryGetValue(unitId, out Exposure existing))
            {
                if (!string.Equals(existing.Stratum, normalized, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Unit '{unitId}' was exposed in stratum '{existing.Stratum}', not '{normalized}'.", nameof(stratum));
                }

                return _variants[existing.Variant];
            }

            _exposures.Add(unitId, new Exposure(Array.IndexOf(_variants, variant), normalized, _time.GetUtcNow()));
        }

        _metrics?.RecordExposure(Key, variant.Name);
        return variant;
    }

    /// <summary>Adds <paramref name="value"/> to the unit's total of <paramref name="metric"/>.</summary>
    /// <param name="unitId">An exposed unit.</param>
    /// <param name="metric">The metric name, for example "revenue". Must not be empty.</param>
    /// <param name="value">A finite value.</param>
    /// <exception cref="InvalidOperationException">The experiment is not running.</exception>
    /// <exception cref="ArgumentException">The unit has no exposure, the metric is empty, or the value is not finite.</exception>
    public void RecordObservation(string unitId, string metric, double value)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitId);
        ArgumentException.ThrowIfNullOrEmpty(metric);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Observations must be finite.");
        }

        lock (_gate)
        {
            RequireRunning(nameof(RecordObservation));
            if (!_exposures.ContainsKey(unitId))
            {
                throw new ArgumentException($"Unit '{unitId}' has no exposure; record the exposure first so the observation belongs to a variant.", nameof(unitId));
            }

            if (!_observations.TryGetValue(metric, out Dictionary<string, double>? totals))
            {
                totals = new Dictionary<string, double>(StringComparer.Ordinal);
                _observations.Add(metric, totals);
            }

            totals[unitId] = totals.GetValueOrDefault(unitId) + value;
        }
    }

    /// <summary>Returns the unit's recorded exposure, or null when it has none.</summary>
    /// <param name="unitId">The unit. Must not be empty.</param>
    /// <returns>The exposure (variant, stratum, first-exposure time) or null.</returns>
    public ExperimentExposure? GetExposure(string unitId)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitId);
        lock (_gate)
        {
            return _exposures.TryGetValue(unitId, out Exposure e)
                ? new ExperimentExposure(unitId, _variants[e.Variant].Name, e.Stratum.Length == 0 ? null : e.Stratum, e.At)
                : null;
        }
    }

    /// <summary>The number of exposed units of each variant, in definition order.</summary>
    /// <param name="stratum">Only units of this stratum; null for all.</param>
    /// <returns>The counts.</returns>
    public long[] ExposureCounts(string? stratum = null)
    {
        var counts = new long[_variants.Length];
        lock (_gate)
        {
            foreach (Exposure e in _exposures.Values)
            {
                if (stratum is null || string.Equals(e.Stratum, stratum, StringComparison.Ordinal))
                {
                    counts[e.Variant]++;
                }
            }
        }

        return counts;
    }

    /// <summary>
    /// Analyses <paramref name="metric"/>: per-variant means and intervals, each treatment against the control
    /// (Welch), the sample-ratio check, and a recommendation with its reason. Allowed in every state.
    /// </summary>
    /// <param name="metric">The metric name. Must not be empty.</param>
    /// <param name="options">The analysis settings; null for the defaults.</param>
    /// <param name="stratum">Only units of this stratum; null for all.</param>
    /// <returns>The analysis.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">No unit has been exposed (in the stratum).</exception>
    public ExperimentAnalysis Analyze(string metric, ExperimentAnalysisOptions? options = null, string? stratum = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(metric);
        options ??= new ExperimentAnalysisOptions();
        options.Validate();
        var samples = new List<double>[_variants.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = [];
        }

        lock (_gate)
        {
            Dictionary<string, double>? totals = _observations.GetValueOrDefault(metric);
            foreach ((string unit, Exposure e) in _exposures)
            {
                if (stratum is null || string.Equals(e.Stratum, stratum, StringComparison.Ordinal))
                {
                    samples[e.Variant].Add(totals?.GetValueOrDefault(unit) ?? 0);
                }
            }
        }

        if (samples.All(s => s.Count == 0))
        {
            throw new InvalidOperationException($"Experiment '{Key}' has no exposed units{(stratum is null ? string.Empty : $" in stratum '{stratum}'")} to analyse.");
        }

        return ExperimentAnalyzer.Analyze(metric, _variants, [.. samples.Select(s => s.ToArray())], options);
    }

    private void Transition(ExperimentState from, ExperimentState to)
    {
        lock (_gate)
        {
            if (_state != from)
            {
                throw new InvalidOperationException($"Experiment '{Key}' is {_state}; only a {from} experiment can become {to}.");
            }

            _state = to;
            if (to == ExperimentState.Running)
            {
                _startedAt = _time.GetUtcNow();
            }
            else
            {
                _endedAt = _time.GetUtcNow();
            }
        }
    }

    private void RequireRunning(string operation)
    {
        if (_state != ExperimentState.Running)
        {
            throw new InvalidOperationException($"{operation} needs a running experiment; '{Key}' is {_state}.");
        }
    }

    private readonly record struct Exposure(int Variant, string Stratum, DateTimeOffset At);
}
