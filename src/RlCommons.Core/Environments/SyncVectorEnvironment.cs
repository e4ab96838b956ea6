using RlCommons.Spaces;

namespace RlCommons.Environments;

/// <summary>
/// Runs <see cref="Count"/> copies of an environment one after another on the calling thread, with batched buffers:
/// copy <c>i</c> owns the slice <c>[i·d, (i+1)·d)</c> of every observation buffer (<c>d</c> the flat observation
/// dimension) and, for continuous actions, the slice <c>[i·a, (i+1)·a)</c> of the action buffer (for multi-discrete
/// actions, <c>a</c> is the number of components and the slice holds the component values as floats; for composite
/// actions, the parts' values in order: one per discrete part, one per multi-discrete component, a box part's vector).
/// </summary>
/// <remarks>
/// <para>
/// Autoreset happens in the same step, as in Stable-Baselines3's <c>VecEnv</c>: when copy <c>i</c>'s episode ends
/// (terminated or truncated), that copy is reset at once and the observation returned for it is the <em>first
/// observation of the next episode</em>. The observation that ended the episode is kept and available from
/// <see cref="FinalObservation"/> until the next step; use it to bootstrap the value of a truncated episode.
/// The returned <see cref="StepResult"/> still belongs to the episode that ended.
/// </para>
/// <para>
/// <see cref="Reset"/> with a seed <c>s</c> seeds copy <c>i</c> with <c>s + i</c> (Gymnasium's convention); the
/// automatic resets pass no seed, so each copy continues its own stream. Allocation-free after construction.
/// Not thread-safe.
/// </para>
/// </remarks>
public sealed class SyncVectorEnvironment
{
    private readonly IEnvironment[] _environments;
    private readonly float[] _finalObservations;
    private readonly bool[] _hasFinal;
    private readonly int _observationDimension;
    private readonly int _actionDimension;

    /// <summary>Creates <paramref name="count"/> copies with <paramref name="factory"/>.</summary>
    /// <param name="count">The number of copies; at least 1.</param>
    /// <param name="factory">Creates copy <c>i</c> from its index; each call must return a new environment with the same spaces.</param>
    /// <exception cref="ArgumentException">The copies do not share their spaces, or the factory returned one instance twice.</exception>
    public SyncVectorEnvironment(int count, Func<int, IEnvironment> factory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(factory);
        _environments = new IEnvironment[count];
        for (int i = 0; i < count; i++)
        {
            IEnvironment environment = factory(i) ?? throw new ArgumentException($"The factory returned null for copy {i}.", nameof(factory));
            if (Array.IndexOf(_environments, environment, 0, i) >= 0)
            {
                throw new ArgumentException($"The factory returned the same instance for copy {i} as for an earlier copy; copies must be independent.", nameof(factory));
            }

            if (i > 0 && (!environment.ObservationSpace.Equals(_environments[0].ObservationSpace) || !environment.ActionSpace.Equals(_environments[0].ActionSpace)))
            {
                throw new ArgumentException($"Copy {i} has spaces {environment.ObservationSpace} / {environment.ActionSpace}, copy 0 has {_environments[0].ObservationSpace} / {_environments[0].ActionSpace}.", nameof(factory));
            }

            _environments[i] = environment;
        }

        _observationDimension = _environments[0].ObservationSpace.FlatDimension;
        _actionDimension = _environments[0].ActionSpace switch
        {
            BoxSpace box => box.FlatDimension,
            MultiDiscreteSpace multiDiscrete => multiDiscrete.Counts.Length,
            CompositeSpace composite => composite.Parts.Sum(p => p.Space switch
            {
                BoxSpace box => box.FlatDimension,
                MultiDiscreteSpace multiDiscrete => multiDiscrete.Counts.Length,
                _ => 1,
            }),
            _ => 1,
        };
        _finalObservations = new float[count * _observationDimension];
        _hasFinal = new bool[count];
    }

    /// <summary>Gets the number of copies.</summary>
    public int Count => _environments.Length;

    /// <summary>Gets the observation space of one copy.</summary>
    public Space SingleObservationSpace => _environments[0].ObservationSpace;

    /// <summary>Gets the action space of one copy.</summary>
    public Space SingleActionSpace => _environments[0].ActionSpace;

    /// <summary>Resets every copy and writes the first observations.</summary>
    /// <param name="seed">When set, copy <c>i</c> is reseeded with <c>seed + i</c>; when <see langword="null"/>, every copy continues its stream.</param>
    /// <param name="observations">Receives <see cref="Count"/> observations back to back.</param>
    /// <exception cref="ArgumentException"><paramref name="observations"/> has the wrong length.</exception>
    public void Reset(long? seed, Span<float> observations)
    {
        RequireLength(observations.Length, Count * _observationDimension, nameof(observations));
        for (int i = 0; i < _environments.Length; i++)
        {
            _environments[i].Reset(seed is { } s ? unchecked(s + i) : null, Slice(observations, i));
            _hasFinal[i] = false;
        }
    }

    /// <summary>Steps every copy with its discrete action, autoresetting copies whose episode ended (see the remarks).</summary>
    /// <param name="actions">One action per copy.</param>
    /// <param name="observations">Receives <see cref="Count"/> observations back to back.</param>
    /// <param name="results">Receives one result per copy.</param>
    /// <exception cref="ArgumentException">A buffer has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An action is outside the action space.</exception>
    public void Step(ReadOnlySpan<int> actions, Span<float> observations, Span<StepResult> results)
    {
        RequireLength(actions.Length, Count, nameof(actions));
        RequireBuffers(observations.Length, results.Length);
        for (int i = 0; i < _environments.Length; i++)
        {
            results[i] = _environments[i].Step(actions[i], Slice(observations, i));
            AutoReset(i, results[i], observations);
        }
    }

    /// <summary>Steps every copy with its continuous (or multi-discrete) action, autoresetting copies whose episode ended (see the remarks).</summary>
    /// <param name="actions">One action vector per copy, back to back (for a multi-discrete space, the component values as floats).</param>
    /// <param name="observations">Receives <see cref="Count"/> observations back to back.</param>
    /// <param name="results">Receives one result per copy.</param>
    /// <exception cref="ArgumentException">A buffer has the wrong length, or an action holds NaN.</exception>
    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<StepResult> results)
    {
        RequireLength(actions.Length, Count * _actionDimension, nameof(actions));
        RequireBuffers(observations.Length, results.Length);
        for (int i = 0; i < _environments.Length; i++)
        {
            results[i] = _environments[i].Step(actions.Slice(i * _actionDimension, _actionDimension), Slice(observations, i));
            AutoReset(i, results[i], observations);
        }
    }

    /// <summary>Gets the observation that ended copy <paramref name="index"/>'s episode at the last step.</summary>
    /// <param name="index">The copy.</param>
    /// <returns>The final observation; valid until the next step or reset.</returns>
    /// <exception cref="InvalidOperationException">The copy's episode did not end at the last step.</exception>
    public ReadOnlySpan<float> FinalObservation(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _hasFinal[index]
            ? _finalObservations.AsSpan(index * _observationDimension, _observationDimension)
            : throw new InvalidOperationException($"The episode of copy {index} did not end at the last step; it has no final observation.");
    }

    private void AutoReset(int index, StepResult result, Span<float> observations)
    {
        _hasFinal[index] = result.EpisodeEnded;
        if (result.EpisodeEnded)
        {
            Span<float> slice = Slice(observations, index);
            slice.CopyTo(_finalObservations.AsSpan(index * _observationDimension, _observationDimension));
            _environments[index].Reset(null, slice);
        }
    }

    private Span<float> Slice(Span<float> observations, int index) => observations.Slice(index * _observationDimension, _observationDimension);

    private void RequireBuffers(int observations, int results)
    {
        RequireLength(observations, Count * _observationDimension, nameof(observations));
        RequireLength(results, Count, nameof(results));
    }

    private static void RequireLength(int actual, int expected, string paramName)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected {paramName} of length {expected}, got {actual}.", paramName);
        }
    }
}
