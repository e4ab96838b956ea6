using System.Globalization;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Training;

/// <summary>
/// Saves the agent's snapshot every <c>frequency</c> steps to <c>{directory}/{prefix}_{step}.rlcs</c> (SB3's
/// <c>CheckpointCallback</c>), with Core's atomic save, and once more when training ends.
/// </summary>
/// <remarks>The agent must implement <see cref="ISnapshotable"/>.</remarks>
public sealed class CheckpointCallback : TrainingCallback
{
    private readonly List<string> _paths = [];
    private long _nextSave;

    /// <summary>Creates the callback.</summary>
    /// <param name="directory">The directory to write to; created when missing.</param>
    /// <param name="frequency">Save every this many environment steps; at least 1.</param>
    /// <param name="prefix">The file-name prefix.</param>
    /// <param name="timeProvider">The clock stamped into each snapshot; the system clock when <see langword="null"/>.</param>
    public CheckpointCallback(string directory, long frequency, string prefix = "checkpoint", TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(frequency, 1);
        if (prefix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"prefix '{prefix}' contains characters not allowed in a file name.", nameof(prefix));
        }

        Directory = directory;
        Frequency = frequency;
        Prefix = prefix;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _nextSave = frequency;
    }

    /// <summary>The directory the checkpoints go to.</summary>
    public string Directory { get; }

    /// <summary>Steps between checkpoints.</summary>
    public long Frequency { get; }

    /// <summary>The file-name prefix.</summary>
    public string Prefix { get; }

    /// <summary>The clock stamped into each snapshot.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The paths written so far, in order.</summary>
    public IReadOnlyList<string> SavedPaths => _paths;

    /// <inheritdoc />
    public override bool OnStep(object agent, TrainingProgress progress)
    {
        if (progress.Step >= _nextSave)
        {
            while (_nextSave <= progress.Step)
            {
                _nextSave += Frequency;
            }

            Save(agent, progress.Step);
        }

        return true;
    }

    /// <inheritdoc />
    public override void OnTrainingEnd(object agent, TrainingProgress progress)
    {
        string path = PathFor(progress.Step);
        if (_paths.Count == 0 || _paths[^1] != path)
        {
            Save(agent, progress.Step);
        }
    }

    private void Save(object agent, long step)
    {
        if (agent is not ISnapshotable snapshotable)
        {
            throw new InvalidOperationException($"{agent.GetType().Name} does not implement ISnapshotable, so it cannot be checkpointed.");
        }

        System.IO.Directory.CreateDirectory(Directory);
        string path = PathFor(step);
        Snapshot.Save(snapshotable, path, TimeProvider);
        _paths.Add(path);
    }

    private string PathFor(long step) => Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{Prefix}_{step}.rlcs"));
}
