using RlCommons.Assignment;

namespace RlCommons.Safety.Rollout;

/// <summary>
/// A gradual rollout on a schedule (for example day 1 → 1 %, day 7 → 10 %, day 30 → 50 %) relative to a start time,
/// read from an injected <see cref="TimeProvider"/>; units are assigned stickily with <see cref="TrafficHash"/>, so
/// a unit that is in at some share stays in at every larger share.
/// </summary>
/// <remarks>
/// <para>The schedule runs on "active time": time spent <see cref="RolloutState.Held"/> or
/// <see cref="RolloutState.Paused"/> does not count, so after <see cref="Resume"/> the next step comes as late as the
/// interruption lasted. <see cref="Advance"/> moves the schedule forward to its next step at once.</para>
/// <para>Thread safety: all members are thread-safe (one lock).</para>
/// </remarks>
public sealed class GradualRollout
{
    private readonly Lock _gate = new();
    private readonly RolloutStep[] _steps;
    private readonly DateTimeOffset _start;
    private readonly TimeProvider _time;
    private TimeSpan _shift;
    private DateTimeOffset? _frozenAt;
    private RolloutState _state;

    /// <summary>Creates a rollout.</summary>
    /// <param name="key">The rollout key hashed with each unit id; not empty. Change it to reshuffle units.</param>
    /// <param name="schedule">At least one step, with strictly increasing non-negative offsets and non-decreasing shares in [0, 1].</param>
    /// <param name="start">The start time; before the first step's offset the share is 0.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <exception cref="ArgumentException">The key is empty or the schedule is invalid.</exception>
    public GradualRollout(string key, IEnumerable<RolloutStep> schedule, DateTimeOffset start, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _steps = [.. schedule];
        if (_steps.Length == 0)
        {
            throw new ArgumentException("The schedule needs at least one step.", nameof(schedule));
        }

        for (int i = 0; i < _steps.Length; i++)
        {
            RolloutStep s = _steps[i];
            if (s.After < TimeSpan.Zero || !(s.Share >= 0 && s.Share <= 1))
            {
                throw new ArgumentException($"Step {i} must have a non-negative offset and a share in [0, 1]; got {s.After} and {s.Share}.", nameof(schedule));
            }

            if (i > 0 && (s.After <= _steps[i - 1].After || s.Share < _steps[i - 1].Share))
            {
                throw new ArgumentException($"Step {i} must come strictly after step {i - 1} with a share at least as large.", nameof(schedule));
            }
        }

        Key = key;
        _start = start;
        _time = timeProvider;
    }

    /// <summary>The key hashed with unit ids.</summary>
    public string Key { get; }

    /// <summary>The current state.</summary>
    public RolloutState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The share of units that get the learned policy now, in [0, 1].</summary>
    public double CurrentShare
    {
        get
        {
            lock (_gate)
            {
                return _state == RolloutState.Paused ? 0 : ShareAt(ActiveElapsed());
            }
        }
    }

    /// <summary>Whether the unit gets the learned policy now.</summary>
    /// <param name="unitId">The unit id; not empty.</param>
    /// <returns><see langword="true"/> when the unit's hash fraction is below <see cref="CurrentShare"/>.</returns>
    public bool Includes(string unitId) => TrafficHash.IsInShare(unitId, Key, CurrentShare);

    /// <summary>Freezes the share at its current value until <see cref="Resume"/>.</summary>
    public void Hold() => Freeze(RolloutState.Held);

    /// <summary>Routes every unit to the baseline until <see cref="Resume"/>; the schedule's clock stops.</summary>
    public void Pause() => Freeze(RolloutState.Paused);

    /// <summary>Runs the schedule again from where it stopped.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            if (_frozenAt is { } at)
            {
                _shift += _time.GetUtcNow() - at;
                _frozenAt = null;
            }

            _state = RolloutState.Running;
        }
    }

    /// <summary>Moves the schedule to its next step now (works in every state; a held rollout stays held at the new share).</summary>
    /// <returns><see langword="true"/> when there was a next step.</returns>
    public bool Advance()
    {
        lock (_gate)
        {
            TimeSpan elapsed = ActiveElapsed();
            foreach (RolloutStep step in _steps)
            {
                if (step.After > elapsed)
                {
                    _shift -= step.After - elapsed;
                    return true;
                }
            }

            return false;
        }
    }

    private void Freeze(RolloutState state)
    {
        lock (_gate)
        {
            _frozenAt ??= _time.GetUtcNow();
            _state = state;
        }
    }

    private TimeSpan ActiveElapsed() => (_frozenAt ?? _time.GetUtcNow()) - _start - _shift;

    private double ShareAt(TimeSpan elapsed)
    {
        double share = 0;
        foreach (RolloutStep step in _steps)
        {
            if (step.After > elapsed)
            {
                break;
            }

            share = step.Share;
        }

        return share;
    }
}
