using RlCommons.Spaces;

namespace RlCommons.Environments;

/// <summary>
/// A Gymnasium-style episodic environment that writes observations into the caller's buffers, so a training
/// loop allocates nothing per step. Observations are flat <see cref="float"/> vectors of
/// <see cref="Space.FlatDimension"/> components of <see cref="ObservationSpace"/>.
/// </summary>
/// <remarks>
/// Seeding follows Gymnasium: <see cref="Reset"/> with a seed reseeds the environment's generator, without a seed it
/// continues the current stream, so one seeded reset followed by unseeded resets gives a reproducible run.
/// Implementations are not thread-safe.
/// </remarks>
public interface IEnvironment
{
    /// <summary>Gets the space of the observations.</summary>
    Space ObservationSpace { get; }

    /// <summary>Gets the space of the actions: a <see cref="DiscreteSpace"/>, a <see cref="BoxSpace"/>, a <see cref="MultiDiscreteSpace"/> or a <see cref="CompositeSpace"/> of those.</summary>
    /// <remarks>
    /// A <see cref="MultiDiscreteSpace"/> environment receives its actions through <see cref="Step(ReadOnlySpan{float}, Span{float})"/>:
    /// one float per component holding that component's value (an integer in <c>[0, Counts[i])</c>), as Gymnasium's
    /// <c>MultiDiscrete</c> step receives an int array. Read them with <c>(int)action[i]</c>; its masks
    /// (<see cref="IActionMaskProvider"/>) hold one flag per component value, the components' flags concatenated.
    /// A <see cref="CompositeSpace"/> of Discrete, MultiDiscrete and Box parts also steps with a float vector: the parts'
    /// values in order, one float per discrete part (its value), one per multi-discrete component and a box part's
    /// values (the agents of RlCommons clip them to the box).
    /// </remarks>
    Space ActionSpace { get; }

    /// <summary>Starts a new episode and writes its first observation.</summary>
    /// <param name="seed">Reseeds the environment's generator when set; when <see langword="null"/>, the generator continues.</param>
    /// <param name="observation">Receives the first observation; its length must be the observation space's flat dimension.</param>
    /// <exception cref="ArgumentException"><paramref name="observation"/> has the wrong length.</exception>
    void Reset(long? seed, Span<float> observation);

    /// <summary>Applies a discrete action and writes the next observation.</summary>
    /// <param name="action">A value of the <see cref="DiscreteSpace"/> action space.</param>
    /// <param name="observation">Receives the next observation; its length must be the observation space's flat dimension.</param>
    /// <returns>The reward and whether the episode terminated or was truncated.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not in the action space.</exception>
    /// <exception cref="ArgumentException"><paramref name="observation"/> has the wrong length.</exception>
    /// <exception cref="NotSupportedException">The action space is not discrete.</exception>
    /// <exception cref="InvalidOperationException">The environment has not been reset yet.</exception>
    StepResult Step(int action, Span<float> observation);

    /// <summary>Applies a continuous (or multi-discrete) action and writes the next observation.</summary>
    /// <param name="action">A vector of the <see cref="BoxSpace"/> action space's dimension; out-of-bounds values are handled as the task defines (usually clipped). For a <see cref="MultiDiscreteSpace"/>, one integral value per component (see <see cref="ActionSpace"/>); a value out of range is an <see cref="ArgumentException"/>.</param>
    /// <param name="observation">Receives the next observation; its length must be the observation space's flat dimension.</param>
    /// <returns>The reward and whether the episode terminated or was truncated.</returns>
    /// <exception cref="ArgumentException"><paramref name="action"/> has the wrong length or holds NaN, or <paramref name="observation"/> has the wrong length.</exception>
    /// <exception cref="NotSupportedException">The action space is neither continuous nor multi-discrete.</exception>
    /// <exception cref="InvalidOperationException">The environment has not been reset yet.</exception>
    StepResult Step(ReadOnlySpan<float> action, Span<float> observation);
}
