namespace RlCommons.Monitoring.Metrics;

/// <summary>
/// Tracks a training run: rolling episode return and length, rolling loss terms, policy entropy with collapse
/// detection, throughput in steps per second (from a <see cref="TimeProvider"/>), per-segment returns, and the curve
/// history the HTML report draws. Optionally forwards rewards and losses to <see cref="RlCommonsMetrics"/>.
/// </summary>
/// <remarks>Thread safety: every member is safe to call concurrently (one private lock).</remarks>
public sealed class TrainingTracker
{
    private readonly Lock _gate = new();
    private readonly TrainingTrackerOptions _options;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly RlCommonsMetrics? _metrics;
    private readonly string _agent;
    private readonly RollingWindow _returns;
    private readonly RollingWindow _lengths;
    private readonly RollingWindow _entropy;
    private readonly Dictionary<string, RollingWindow> _losses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Episodes, RollingWindow Returns)> _segments = new(StringComparer.Ordinal);
    private readonly Queue<EpisodePoint> _history = new();
    private double? _referenceEntropy;
    private long _episodes;
    private long _steps;

    /// <summary>Creates a tracker.</summary>
    /// <param name="agent">The agent's name, used as the metrics' agent tag. Must not be empty.</param>
    /// <param name="options">The settings; null for the defaults.</param>
    /// <param name="timeProvider">The clock for steps per second. The default is <see cref="TimeProvider.System"/>.</param>
    /// <param name="metrics">Where rewards and losses are also reported; null for none.</param>
    /// <exception cref="ArgumentException">The agent name is empty or the options are invalid.</exception>
    public TrainingTracker(string agent, TrainingTrackerOptions? options = null, TimeProvider? timeProvider = null, RlCommonsMetrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        _options = options ?? new TrainingTrackerOptions();
        _options.Validate();
        _agent = agent;
        _time = timeProvider ?? TimeProvider.System;
        _metrics = metrics;
        _startTimestamp = _time.GetTimestamp();
        _returns = new RollingWindow(_options.Window);
        _lengths = new RollingWindow(_options.Window);
        _entropy = new RollingWindow(_options.Window);
        _referenceEntropy = _options.ReferenceEntropy;
    }

    /// <summary>Counts environment steps.</summary>
    /// <param name="count">The number of steps, at least 1. The default is 1.</param>
    public void RecordSteps(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            _steps += count;
        }
    }

    /// <summary>Records a finished episode.</summary>
    /// <param name="episodeReturn">The episode's total reward, finite.</param>
    /// <param name="length">The episode's length in steps, at least 1.</param>
    /// <param name="segment">An optional segment tag (for example a customer tier) for per-segment breakdowns.</param>
    public void RecordEpisode(double episodeReturn, int length, string? segment = null)
    {
        RequireFinite(episodeReturn, nameof(episodeReturn));
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        lock (_gate)
        {
            _episodes++;
            _returns.Add(episodeReturn);
            _lengths.Add(length);
            if (!string.IsNullOrEmpty(segment))
            {
                if (!_segments.TryGetValue(segment, out var entry))
                {
                    entry = (0, new RollingWindow(_options.Window));
                }

                entry.Returns.Add(episodeReturn);
                _segments[segment] = (entry.Episodes + 1, entry.Returns);
            }

            if (_history.Count == _options.HistoryCapacity)
            {
                _history.Dequeue();
            }

            _history.Enqueue(new EpisodePoint(_episodes, episodeReturn, _returns.Mean));
        }

        _metrics?.RecordEpisodeReturn(_agent, episodeReturn, segment);
    }

    /// <summary>Records one value of a loss term.</summary>
    /// <param name="loss">The term's name, for example "policy" or "value".</param>
    /// <param name="value">The value, finite.</param>
    public void RecordLoss(string loss, double value)
    {
        ArgumentException.ThrowIfNullOrEmpty(loss);
        RequireFinite(value, nameof(value));
        lock (_gate)
        {
            if (!_losses.TryGetValue(loss, out RollingWindow? window))
            {
                window = new RollingWindow(_options.Window);
                _losses.Add(loss, window);
            }

            window.Add(value);
        }

        _metrics?.RecordLoss(_agent, loss, value);
    }

    /// <summary>Records the policy's entropy (nats) at an update.</summary>
    /// <param name="entropy">The entropy, finite and non-negative.</param>
    public void RecordEntropy(double entropy)
    {
        if (!(entropy >= 0) || double.IsInfinity(entropy))
        {
            throw new ArgumentOutOfRangeException(nameof(entropy), entropy, "The entropy must be a finite, non-negative number.");
        }

        lock (_gate)
        {
            _referenceEntropy ??= entropy;
            _entropy.Add(entropy);
        }
    }

    /// <summary>Returns the current statistics and curve history.</summary>
    /// <returns>A consistent snapshot.</returns>
    public TrainingSnapshot Snapshot()
    {
        double seconds = _time.GetElapsedTime(_startTimestamp).TotalSeconds;
        lock (_gate)
        {
            double meanEntropy = _entropy.Mean;
            bool collapsed = _entropy.IsFull && _referenceEntropy is { } reference && meanEntropy < _options.EntropyCollapseFraction * reference;
            return new TrainingSnapshot(
                _episodes,
                _steps,
                _returns.Mean,
                _lengths.Mean,
                _losses.ToDictionary(p => p.Key, p => p.Value.Mean, StringComparer.Ordinal),
                meanEntropy,
                collapsed,
                seconds > 0 ? _steps / seconds : 0,
                _segments.ToDictionary(p => p.Key, p => new SegmentSummary(p.Value.Episodes, p.Value.Returns.Mean), StringComparer.Ordinal),
                [.. _history]);
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
