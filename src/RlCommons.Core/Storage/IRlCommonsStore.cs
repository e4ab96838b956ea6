using RlCommons.Decisions;

namespace RlCommons.Storage;

/// <summary>
/// One database holding everything RlCommons keeps: the decision log, model versions, experiments, Q-tables,
/// adjustments and training runs. <c>SqliteStore</c> (one file, the embedded default) and <c>PostgreSqlStore</c>
/// (one database shared by many instances) implement it.
/// </summary>
/// <remarks>Disposing the store flushes the decision log's pending writes and closes the database.</remarks>
public interface IRlCommonsStore : IDisposable
{
    /// <summary>The decision log.</summary>
    IDecisionLog Decisions { get; }

    /// <summary>Model versions, published pointers and their audit trail.</summary>
    IModelStore Models { get; }

    /// <summary>Experiments, assignments and metric observations.</summary>
    IExperimentStore Experiments { get; }

    /// <summary>Tabular Q-values.</summary>
    IQTableStore QTables { get; }

    /// <summary>The history of policy adjustments.</summary>
    IAdjustmentStore Adjustments { get; }

    /// <summary>Training runs and their metrics.</summary>
    ITrainingRunStore TrainingRuns { get; }
}
