using RlCommons.Randomness;
using RlCommons.Spaces;

namespace RlCommons.Environments;

/// <summary>
/// The checks every <see cref="IEnvironment"/> needs (buffer lengths, action validity, reset before step) and the
/// seeded generator, so a concrete task implements only its dynamics in <see cref="ResetCore"/> and a step method.
/// </summary>
/// <remarks>
/// The generator is an <see cref="Xoshiro256Random"/> seeded with 0 at construction: an environment that is never
/// reset with a seed is still reproducible (Gymnasium would draw OS entropy instead). Not thread-safe.
/// </remarks>
public abstract class EnvironmentBase : IEnvironment
{
    private bool _started;

    /// <summary>Creates the environment with its spaces.</summary>
    /// <param name="observationSpace">The observation space.</param>
    /// <param name="actionSpace">The action space: a <see cref="DiscreteSpace"/>, a <see cref="BoxSpace"/> or a <see cref="MultiDiscreteSpace"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="actionSpace"/> is none of those.</exception>
    protected EnvironmentBase(Space observationSpace, Space actionSpace)
    {
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(actionSpace);
        if (actionSpace is not (DiscreteSpace or BoxSpace or MultiDiscreteSpace))
        {
            throw new ArgumentException($"The action space must be a DiscreteSpace, a BoxSpace or a MultiDiscreteSpace, got {actionSpace}.", nameof(actionSpace));
        }

        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        Random = new Xoshiro256Random(0);
    }

    /// <inheritdoc />
    public Space ObservationSpace { get; }

    /// <inheritdoc />
    public Space ActionSpace { get; }

    /// <summary>Gets the environment's generator; <see cref="Reset"/> reseeds it when given a seed.</summary>
    protected Xoshiro256Random Random { get; }

    /// <inheritdoc />
    public void Reset(long? seed, Span<float> observation)
    {
        RequireObservationLength(observation.Length, nameof(observation));
        if (seed is { } s)
        {
            Random.Reseed(unchecked((ulong)s));
        }

        ResetCore(observation);
        _started = true;
    }

    /// <inheritdoc />
    public StepResult Step(int action, Span<float> observation)
    {
        if (ActionSpace is MultiDiscreteSpace)
        {
            throw new NotSupportedException($"{GetType().Name} takes multi-discrete actions ({ActionSpace}); call Step(ReadOnlySpan<float>, Span<float>) with one value per component.");
        }

        if (ActionSpace is not DiscreteSpace discrete)
        {
            throw new NotSupportedException($"{GetType().Name} takes continuous actions ({ActionSpace}); call Step(ReadOnlySpan<float>, Span<float>).");
        }

        discrete.Validate(action, nameof(action));
        RequireObservationLength(observation.Length, nameof(observation));
        RequireStarted();
        return StepCore(action, observation);
    }

    /// <inheritdoc />
    /// <remarks>For a <see cref="MultiDiscreteSpace"/>, <paramref name="action"/> holds one integral value per component; they are checked and passed to <see cref="StepCore(ReadOnlySpan{int}, Span{float})"/> as integers.</remarks>
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (ActionSpace is MultiDiscreteSpace multiDiscrete)
        {
            return StepComponents(multiDiscrete, action, observation);
        }

        if (ActionSpace is not BoxSpace box)
        {
            throw new NotSupportedException($"{GetType().Name} takes discrete actions ({ActionSpace}); call Step(int, Span<float>).");
        }

        if (action.Length != box.FlatDimension)
        {
            throw new ArgumentException($"Expected an action of length {box.FlatDimension} for {box}, got {action.Length}.", nameof(action));
        }

        for (int i = 0; i < action.Length; i++)
        {
            if (float.IsNaN(action[i]))
            {
                throw new ArgumentException($"action[{i}] is NaN.", nameof(action));
            }
        }

        RequireObservationLength(observation.Length, nameof(observation));
        RequireStarted();
        return StepCore(action, observation);
    }

    /// <summary>Draws the first state of an episode from <see cref="Random"/> and writes its observation.</summary>
    /// <param name="observation">The observation buffer, already checked for length.</param>
    protected abstract void ResetCore(Span<float> observation);

    /// <summary>The dynamics for a discrete action; tasks with a <see cref="DiscreteSpace"/> action space override it.</summary>
    /// <param name="action">A valid action.</param>
    /// <param name="observation">The observation buffer, already checked for length.</param>
    /// <returns>The step's reward and flags.</returns>
    protected virtual StepResult StepCore(int action, Span<float> observation)
        => throw new NotSupportedException($"{GetType().Name} declares a discrete action space but does not implement discrete steps.");

    /// <summary>The dynamics for a continuous action; tasks with a <see cref="BoxSpace"/> action space override it.</summary>
    /// <param name="action">An action of the right length without NaN (possibly outside the bounds).</param>
    /// <param name="observation">The observation buffer, already checked for length.</param>
    /// <returns>The step's reward and flags.</returns>
    protected virtual StepResult StepCore(ReadOnlySpan<float> action, Span<float> observation)
        => throw new NotSupportedException($"{GetType().Name} declares a continuous action space but does not implement continuous steps.");

    /// <summary>The dynamics for a multi-discrete action; tasks with a <see cref="MultiDiscreteSpace"/> action space override it.</summary>
    /// <param name="action">One valid value per component.</param>
    /// <param name="observation">The observation buffer, already checked for length.</param>
    /// <returns>The step's reward and flags.</returns>
    protected virtual StepResult StepCore(ReadOnlySpan<int> action, Span<float> observation)
        => throw new NotSupportedException($"{GetType().Name} declares a multi-discrete action space but does not implement multi-discrete steps.");

    /// <summary>Allows stepping without a reset, for tasks whose state was set directly.</summary>
    protected void MarkStarted() => _started = true;

    // Component values arrive as floats (IEnvironment's one vector overload); each must be an integer in its range.
    private StepResult StepComponents(MultiDiscreteSpace space, ReadOnlySpan<float> action, Span<float> observation)
    {
        ReadOnlySpan<int> counts = space.Counts;
        if (action.Length != counts.Length)
        {
            throw new ArgumentException($"Expected {counts.Length} component values for {space}, got {action.Length}.", nameof(action));
        }

        Span<int> components = counts.Length <= 64 ? stackalloc int[counts.Length] : new int[counts.Length];
        for (int i = 0; i < action.Length; i++)
        {
            float value = action[i];
            if (!(value >= 0 && value < counts[i]) || value != MathF.Floor(value))
            {
                throw new ArgumentException($"action[{i}] must be an integer in [0, {counts[i] - 1}], was {value}.", nameof(action));
            }

            components[i] = (int)value;
        }

        RequireObservationLength(observation.Length, nameof(observation));
        RequireStarted();
        return StepCore(components, observation);
    }

    private void RequireObservationLength(int length, string paramName)
    {
        if (length != ObservationSpace.FlatDimension)
        {
            throw new ArgumentException($"Expected an observation buffer of length {ObservationSpace.FlatDimension}, got {length}.", paramName);
        }
    }

    private void RequireStarted()
    {
        if (!_started)
        {
            throw new InvalidOperationException($"Call Reset before stepping {GetType().Name}.");
        }
    }
}
