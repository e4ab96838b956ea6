using RlCommons.Environments;

namespace RlCommons.Algorithms.Training;

/// <summary>
/// The bookkeeping every training loop shares: step and episode counts, per-environment episode returns, the
/// callbacks and the progress hook, and wall time from the agent's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class TrainingSession
{
    private const int RecentWindow = 100;

    private readonly object _agent;
    private readonly TrainingCallback[] _callbacks;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly double[] _returns;
    private readonly int[] _lengths;
    private readonly List<double> _episodeReturns = [];
    private readonly Queue<double> _recent = new();
    private double _recentSum;
    private double _lastReturn = double.NaN;
    private int _lastLength;

    public TrainingSession(object agent, long totalSteps, int environments, IEnumerable<TrainingCallback>? callbacks, IProgress<TrainingProgress>? progress, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        _agent = agent;
        TotalSteps = totalSteps;
        _callbacks = callbacks?.ToArray() ?? [];
        if (_callbacks.Any(c => c is null))
        {
            throw new ArgumentException("callbacks must not contain null.", nameof(callbacks));
        }

        _progress = progress;
        _time = time;
        _started = time.GetTimestamp();
        _returns = new double[environments];
        _lengths = new int[environments];
    }

    public long TotalSteps { get; }

    public long Step { get; private set; }

    public long GradientSteps { get; set; }

    public bool StoppedByCallback { get; private set; }

    public bool Done => StoppedByCallback || Step >= TotalSteps;

    public TrainingProgress Progress
    {
        get
        {
            double mean = _recent.Count == 0 ? double.NaN : _recentSum / _recent.Count;
            return new TrainingProgress(Step, TotalSteps, _episodeReturns.Count, _lastReturn, _lastLength, mean, GradientSteps, _time.GetElapsedTime(_started));
        }
    }

    public void Start()
    {
        foreach (TrainingCallback callback in _callbacks)
        {
            callback.OnTrainingStart(_agent, Progress);
        }
    }

    /// <summary>Records one environment's step result; call <see cref="EndStep"/> once all environments of this step are recorded.</summary>
    public void Record(int environment, StepResult result)
    {
        _returns[environment] += result.Reward;
        _lengths[environment]++;
        Step++;
        if (!result.EpisodeEnded)
        {
            return;
        }

        _lastReturn = _returns[environment];
        _lastLength = _lengths[environment];
        _returns[environment] = 0;
        _lengths[environment] = 0;
        _episodeReturns.Add(_lastReturn);
        _recent.Enqueue(_lastReturn);
        _recentSum += _lastReturn;
        if (_recent.Count > RecentWindow)
        {
            _recentSum -= _recent.Dequeue();
        }

        TrainingProgress progress = Progress;
        foreach (TrainingCallback callback in _callbacks)
        {
            callback.OnEpisodeEnd(_agent, progress);
        }

        _progress?.Report(progress);
    }

    /// <summary>Runs the step callbacks; returns <see langword="false"/> when one asks to stop.</summary>
    public bool EndStep()
    {
        if (_callbacks.Length == 0)
        {
            return true;
        }

        TrainingProgress progress = Progress;
        foreach (TrainingCallback callback in _callbacks)
        {
            if (!callback.OnStep(_agent, progress))
            {
                StoppedByCallback = true;
            }
        }

        return !StoppedByCallback;
    }

    public TrainingResult Finish()
    {
        TrainingProgress progress = Progress;
        foreach (TrainingCallback callback in _callbacks)
        {
            callback.OnTrainingEnd(_agent, progress);
        }

        _progress?.Report(progress);
        return new TrainingResult(progress, StoppedByCallback, [.. _episodeReturns]);
    }
}
