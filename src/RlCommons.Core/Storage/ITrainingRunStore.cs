namespace RlCommons.Storage;

/// <summary>Where training runs and their per-step or per-episode metrics live, for a dashboard to plot.</summary>
/// <remarks>Thread safety: implementations are safe to call from many threads and, for database stores, many processes.</remarks>
public interface ITrainingRunStore
{
    /// <summary>Stores a new run (status <c>Running</c>, no end).</summary>
    /// <param name="run">The run; its id must be new.</param>
    /// <exception cref="ArgumentException">The id exists already or a field is invalid; nothing is stored.</exception>
    void Start(TrainingRun run);

    /// <summary>Appends metric points to a run, all or nothing.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="points">The points.</param>
    /// <exception cref="KeyNotFoundException">No such run.</exception>
    /// <exception cref="ArgumentException">A point is invalid; none is stored.</exception>
    void AppendMetrics(string runId, IReadOnlyList<TrainingMetricPoint> points);

    /// <summary>Ends a run.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="status"><c>Completed</c>, <c>Failed</c> or <c>Cancelled</c>.</param>
    /// <param name="at">When.</param>
    /// <exception cref="KeyNotFoundException">No such run.</exception>
    /// <exception cref="InvalidOperationException">The run has ended already.</exception>
    void Finish(string runId, string status, DateTimeOffset at);

    /// <summary>Reads one run.</summary>
    /// <param name="runId">The run.</param>
    /// <returns>The run, or <see langword="null"/>.</returns>
    TrainingRun? Get(string runId);

    /// <summary>Lists the runs, newest first.</summary>
    /// <param name="policyId">Only the runs of this policy, or <see langword="null"/> for all.</param>
    /// <returns>The runs.</returns>
    IReadOnlyList<TrainingRun> List(string? policyId = null);

    /// <summary>Reads a run's metric points by step (then append order), optionally of one metric.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="name">The metric, or <see langword="null"/> for all.</param>
    /// <returns>The points.</returns>
    IReadOnlyList<TrainingMetricPoint> ReadMetrics(string runId, string? name = null);
}
