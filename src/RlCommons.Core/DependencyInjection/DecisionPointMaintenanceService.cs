using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RlCommons.Decisions;
using RlCommons.Policies;
using RlCommons.Snapshots;

namespace RlCommons.DependencyInjection;

/// <summary>
/// Keeps the registered decision points: at start it loads each policy's snapshot (when the point has a
/// <see cref="DecisionPointOptions.SnapshotPath"/>, the file exists and the policy is <see cref="ISnapshotable"/>); every
/// <see cref="DecisionPointOptions.MaintenanceInterval"/> it closes expired attribution windows and saves the snapshot;
/// at stop it closes windows and saves once more. A snapshot that cannot be loaded is logged and the policy starts fresh;
/// a failed save is logged and retried at the next interval.
/// </summary>
internal sealed class DecisionPointMaintenanceService(IServiceProvider services, IEnumerable<DecisionPointRegistration> registrations, ILogger<DecisionPointMaintenanceService>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;
    private DecisionPoint[] _points = [];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _points = [.. registrations.Select(r => services.GetRequiredKeyedService<DecisionPoint>(r.Name))];
        foreach (DecisionPoint point in _points)
        {
            Load(point);
        }

        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (DecisionPoint point in _points)
        {
            Maintain(point);
        }
    }

    /// <summary>Closes expired windows and saves the snapshot of one point (also called by tests).</summary>
    internal void Maintain(DecisionPoint point)
    {
        point.CloseExpiredDecisions();
        if (point.Options.SnapshotPath is { } path && point.Policy is ISnapshotable snapshotable)
        {
            try
            {
                Snapshot.Save(snapshotable, path, point.Options.TimeProvider);
                Log.SnapshotSaved(_logger, point.Name, path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.SnapshotSaveFailed(_logger, e, point.Name, path);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_points.Length == 0)
        {
            return;
        }

        TimeSpan interval = _points.Min(p => p.Options.MaintenanceInterval);
        using var timer = new PeriodicTimer(interval, _points[0].Options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (DecisionPoint point in _points)
                {
                    Maintain(point);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Load(DecisionPoint point)
    {
        if (point.Options.SnapshotPath is not { } path || point.Policy is not ISnapshotable snapshotable || !File.Exists(path))
        {
            return;
        }

        try
        {
            SnapshotInfo info = Snapshot.Load(snapshotable, path);
            Log.SnapshotLoaded(_logger, point.Name, path, info.CreatedAt);
            if (point.Policy is IConfiguredArms arms)
            {
                // The configuration wins over the snapshot's arms (IConfiguredArms states the rule).
                (IReadOnlyList<string> added, IReadOnlyList<string> removed) = arms.SyncArms(arms.ConfiguredArms);
                if (added.Count > 0 || removed.Count > 0)
                {
                    string addedNames = string.Join(", ", added);
                    string removedNames = string.Join(", ", removed);
                    Log.SnapshotArmsReconciled(_logger, point.Name, addedNames, removedNames);
                }
            }
        }
        catch (Exception e) when (e is SnapshotException or IOException or UnauthorizedAccessException)
        {
            Log.SnapshotLoadFailed(_logger, e, point.Name, path);
        }
    }
}
