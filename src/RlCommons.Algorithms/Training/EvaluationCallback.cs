using RlCommons.Environments;
using RlCommons.Policies;
using RlCommons.Snapshots;
using RlCommons.Spaces;

namespace RlCommons.Algorithms.Training;

/// <summary>
/// Evaluates the agent's greedy policy on a separate environment every <c>frequency</c> steps (SB3's
/// <c>EvalCallback</c>) and keeps every result; optionally stops training once the mean return reaches a threshold.
/// </summary>
/// <remarks>
/// The agent must implement <see cref="IPolicy"/> or <see cref="IContinuousPolicy"/>. With
/// <c>keepBestSnapshot</c>, the agent's snapshot is kept whenever an evaluation beats every earlier one (SB3's
/// <c>best_model</c>), so the best policy seen during training can be restored with <see cref="Snapshot.Load(ISnapshotable, ReadOnlyMemory{byte})"/>.
/// </remarks>
public sealed class EvaluationCallback : TrainingCallback
{
    private readonly IEnvironment _environment;
    private readonly List<(long Step, EvaluationResult Result)> _evaluations = [];
    private long _nextEvaluation;

    /// <summary>Creates the callback.</summary>
    /// <param name="environment">The evaluation environment (not the training one).</param>
    /// <param name="frequency">Evaluate every this many environment steps; at least 1.</param>
    /// <param name="episodes">Episodes per evaluation; at least 1.</param>
    /// <param name="seed">The seed of each evaluation's first reset, so evaluations are comparable.</param>
    /// <param name="stopAtMeanReturn">Stop training once an evaluation's mean return is at least this; <see langword="null"/> never stops.</param>
    /// <param name="keepBestSnapshot">Keep the snapshot of the agent at its best evaluation (the agent must implement <see cref="ISnapshotable"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1 or the threshold is NaN.</exception>
    public EvaluationCallback(IEnvironment environment, long frequency, int episodes, long seed, double? stopAtMeanReturn = null, bool keepBestSnapshot = false)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfLessThan(frequency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        if (stopAtMeanReturn is { } threshold && double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(stopAtMeanReturn), threshold, "stopAtMeanReturn must not be NaN.");
        }

        _environment = environment;
        Frequency = frequency;
        Episodes = episodes;
        Seed = seed;
        StopAtMeanReturn = stopAtMeanReturn;
        KeepBestSnapshot = keepBestSnapshot;
        _nextEvaluation = frequency;
    }

    /// <summary>Steps between evaluations.</summary>
    public long Frequency { get; }

    /// <summary>Episodes per evaluation.</summary>
    public int Episodes { get; }

    /// <summary>The seed of each evaluation's first reset.</summary>
    public long Seed { get; }

    /// <summary>The mean return that stops training, if any.</summary>
    public double? StopAtMeanReturn { get; }

    /// <summary>Whether the snapshot of the best evaluation is kept.</summary>
    public bool KeepBestSnapshot { get; }

    /// <summary>The agent's snapshot at its best evaluation so far (the first of equal bests), or <see langword="null"/>.</summary>
    public byte[]? BestSnapshot { get; private set; }

    /// <summary>The training step of the best evaluation so far, or -1 before the first.</summary>
    public long BestStep { get; private set; } = -1;

    /// <summary>Every evaluation so far, with the training step it was taken at.</summary>
    public IReadOnlyList<(long Step, EvaluationResult Result)> Evaluations => _evaluations;

    /// <summary>The highest mean return seen so far, or NaN before the first evaluation.</summary>
    public double BestMeanReturn => _evaluations.Count == 0 ? double.NaN : _evaluations.Max(e => e.Result.MeanReturn);

    /// <inheritdoc />
    public override bool OnStep(object agent, TrainingProgress progress)
    {
        if (progress.Step < _nextEvaluation)
        {
            return true;
        }

        while (_nextEvaluation <= progress.Step)
        {
            _nextEvaluation += Frequency;
        }

        // Dispatch on the environment's action space too: an agent may implement both policy interfaces.
        EvaluationResult result = (agent, _environment.ActionSpace) switch
        {
            (IPolicy discrete, DiscreteSpace) => PolicyEvaluation.Evaluate(discrete, _environment, Episodes, Seed),
            (IContinuousPolicy continuous, BoxSpace) => PolicyEvaluation.Evaluate(continuous, _environment, Episodes, Seed),
            _ => throw new InvalidOperationException($"{agent.GetType().Name} is not a policy for the action space {_environment.ActionSpace}."),
        };
        if (_evaluations.Count == 0 || result.MeanReturn > BestMeanReturn)
        {
            BestStep = progress.Step;
            if (KeepBestSnapshot)
            {
                BestSnapshot = agent is ISnapshotable snapshotable
                    ? Snapshot.ToBytes(snapshotable)
                    : throw new InvalidOperationException($"{agent.GetType().Name} does not implement ISnapshotable, so its best snapshot cannot be kept.");
            }
        }

        _evaluations.Add((progress.Step, result));
        return StopAtMeanReturn is not { } threshold || result.MeanReturn < threshold;
    }
}
