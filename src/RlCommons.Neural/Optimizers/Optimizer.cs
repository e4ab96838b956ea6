using RlCommons.Neural.Layers;
using RlCommons.Schedules;
using RlCommons.Snapshots;

namespace RlCommons.Neural.Optimizers;

/// <summary>
/// The shared loop of the gradient-descent optimizers: a learning-rate <see cref="Schedule"/> over the step
/// count, per-parameter state buffers allocated once, and an exact snapshot of that state.
/// </summary>
public abstract class Optimizer : ISnapshotable
{
    private readonly Parameter[] _parameters;

    // State[slot][parameter]: for example Adam's first and second moments.
    private readonly float[][][] _state;
    private double _learningRateScale = 1.0;

    private protected Optimizer(IReadOnlyList<Parameter> parameters, Schedule learningRate, int stateSlots)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(learningRate);
        if (parameters.Count == 0 || parameters.Any(p => p is null))
        {
            throw new ArgumentException("parameters must be a non-empty list without nulls.", nameof(parameters));
        }

        _parameters = [.. parameters];
        LearningRate = learningRate;
        _state = new float[stateSlots][][];
        for (int s = 0; s < stateSlots; s++)
        {
            _state[s] = _parameters.Select(p => new float[p.Length]).ToArray();
        }
    }

    /// <summary>The learning rate as a function of <see cref="StepCount"/>.</summary>
    public Schedule LearningRate { get; }

    /// <summary>
    /// A factor applied to the scheduled learning rate, for schedules driven by something other than the step
    /// count (SB3's PPO decays its rate with the fraction of environment steps left, set before each update).
    /// Not part of the snapshot: its owner sets it before stepping.
    /// </summary>
    /// <value>The default is 1; must be finite and non-negative.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public double LearningRateScale
    {
        get => _learningRateScale;
        set
        {
            if (!(double.IsFinite(value) && value >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "LearningRateScale must be finite and non-negative.");
            }

            _learningRateScale = value;
        }
    }

    /// <summary>The number of steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>The parameters this optimizer updates.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    public abstract string SnapshotType { get; }

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>Updates every parameter from its current gradient, with the learning rate at the current step.</summary>
    public void Step()
    {
        double lr = LearningRate.ValueAt(StepCount) * _learningRateScale;
        StepCount++;
        for (int i = 0; i < _parameters.Length; i++)
        {
            Update(i, _parameters[i].Data, _parameters[i].Grad, lr, StepCount);
        }
    }

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGradients()
    {
        foreach (Parameter p in _parameters)
        {
            p.Grad.AsSpan().Clear();
        }
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt64(StepCount);
        writer.WriteInt32(_state.Length);
        writer.WriteInt32(_parameters.Length);
        foreach (float[][] slot in _state)
        {
            foreach (float[] values in slot)
            {
                writer.WriteSingles(values);
            }
        }
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long steps = reader.ReadInt64();
        int slots = reader.ReadInt32();
        int count = reader.ReadInt32();
        if (steps < 0 || slots != _state.Length || count != _parameters.Length)
        {
            throw new SnapshotException($"The snapshot holds {slots} state buffers for {count} parameters after {steps} steps; this optimizer has {_state.Length} for {_parameters.Length}.");
        }

        var loaded = new float[slots][][];
        for (int s = 0; s < slots; s++)
        {
            loaded[s] = new float[count][];
            for (int i = 0; i < count; i++)
            {
                loaded[s][i] = Mlp.ReadExactly(reader, _parameters[i]);
            }
        }

        reader.EnsureEnd();
        for (int s = 0; s < slots; s++)
        {
            for (int i = 0; i < count; i++)
            {
                loaded[s][i].CopyTo(_state[s][i], 0);
            }
        }

        StepCount = steps;
    }

    /// <summary>The state buffer <paramref name="slot"/> of parameter <paramref name="index"/>.</summary>
    private protected Span<float> State(int slot, int index) => _state[slot][index];

    /// <summary>Applies one update to one parameter.</summary>
    /// <param name="index">The parameter's position, for <see cref="State"/>.</param>
    /// <param name="values">The parameter.</param>
    /// <param name="gradients">Its gradient.</param>
    /// <param name="learningRate">The scheduled learning rate.</param>
    /// <param name="step">The 1-based number of this step.</param>
    private protected abstract void Update(int index, Span<float> values, ReadOnlySpan<float> gradients, double learningRate, long step);
}
