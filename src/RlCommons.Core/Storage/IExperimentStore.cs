namespace RlCommons.Storage;

/// <summary>
/// Where experiments live (seed 004's <c>experiments</c>, <c>experiment_assignments</c>, <c>experiment_metrics</c>):
/// definitions with their status and its reason, the assignment of each unit, and metric observations.
/// </summary>
/// <remarks>
/// <para>Assignments are sticky: <see cref="Assign"/> keeps a unit's first variant and returns it to every later call,
/// from any process sharing the store. Observations are appended, never rewritten.</para>
/// <para>Thread safety: implementations are safe to call from many threads and, for database stores, many processes.</para>
/// </remarks>
public interface IExperimentStore
{
    /// <summary>Stores a new experiment.</summary>
    /// <param name="experiment">The experiment; its key must be new.</param>
    /// <exception cref="ArgumentException">The key exists already, or a field is invalid (blank, too long, a variant weight not positive and finite, duplicate variant names); nothing is stored.</exception>
    void Create(StoredExperiment experiment);

    /// <summary>Sets an experiment's status, with the reason and time of the change.</summary>
    /// <param name="key">The experiment.</param>
    /// <param name="status">The new status; not blank.</param>
    /// <param name="reason">Why; not blank.</param>
    /// <param name="at">When.</param>
    /// <exception cref="KeyNotFoundException">No such experiment.</exception>
    void SetStatus(string key, string status, string reason, DateTimeOffset at);

    /// <summary>Reads one experiment.</summary>
    /// <param name="key">The experiment.</param>
    /// <returns>The experiment, or <see langword="null"/> when there is none with that key.</returns>
    StoredExperiment? Get(string key);

    /// <summary>Lists the experiments, by key.</summary>
    /// <returns>The experiments.</returns>
    IReadOnlyList<StoredExperiment> List();

    /// <summary>Assigns a unit to a variant unless it has one already.</summary>
    /// <param name="assignment">The assignment to make.</param>
    /// <returns>The unit's assignment: the one stored first (this one when the unit had none).</returns>
    /// <exception cref="KeyNotFoundException">No such experiment.</exception>
    /// <exception cref="ArgumentException">The variant is not one of the experiment's; nothing is stored.</exception>
    StoredAssignment Assign(StoredAssignment assignment);

    /// <summary>Reads the assignments of an experiment, in the order they were made.</summary>
    /// <param name="key">The experiment.</param>
    /// <returns>The assignments.</returns>
    IReadOnlyList<StoredAssignment> ReadAssignments(string key);

    /// <summary>Appends observations, all or nothing.</summary>
    /// <param name="observations">The observations; each of an existing experiment, with a finite value.</param>
    /// <exception cref="ArgumentException">An observation is invalid; none is stored.</exception>
    /// <exception cref="KeyNotFoundException">An observation names an unknown experiment; none is stored.</exception>
    void AppendObservations(IReadOnlyList<StoredObservation> observations);

    /// <summary>Reads the observations of an experiment, in the order they were appended, optionally of one metric.</summary>
    /// <param name="key">The experiment.</param>
    /// <param name="metric">The metric, or <see langword="null"/> for all.</param>
    /// <returns>The observations.</returns>
    IReadOnlyList<StoredObservation> ReadObservations(string key, string? metric = null);
}
