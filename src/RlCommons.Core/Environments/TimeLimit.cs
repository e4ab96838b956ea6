using RlCommons.Spaces;

namespace RlCommons.Environments;

/// <summary>
/// Ends episodes after a fixed number of steps by setting <see cref="StepResult.Truncated"/> (Gymnasium's
/// <c>TimeLimit</c> wrapper): the step that reaches <see cref="MaxEpisodeSteps"/> returns truncated, whether or not
/// the task also terminated on it.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class TimeLimit : IEnvironment
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The environment to limit.</param>
    /// <param name="maxEpisodeSteps">The number of steps after which an episode is truncated; at least 1.</param>
    public TimeLimit(IEnvironment inner, int maxEpisodeSteps)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpisodeSteps, 1);
        Inner = inner;
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    /// <summary>Gets the wrapped environment.</summary>
    public IEnvironment Inner { get; }

    /// <summary>Gets the number of steps after which an episode is truncated.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Gets the number of steps taken since the last reset.</summary>
    public int ElapsedSteps { get; private set; }

    /// <inheritdoc />
    public Space ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc />
    public Space ActionSpace => Inner.ActionSpace;

    /// <inheritdoc />
    public void Reset(long? seed, Span<float> observation)
    {
        Inner.Reset(seed, observation);
        ElapsedSteps = 0;
    }

    /// <inheritdoc />
    public StepResult Step(int action, Span<float> observation) => Count(Inner.Step(action, observation));

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => Count(Inner.Step(action, observation));

    private StepResult Count(StepResult result)
    {
        ElapsedSteps++;
        return ElapsedSteps >= MaxEpisodeSteps ? result with { Truncated = true } : result;
    }
}
