using System.Globalization;
using RlCommons.Randomness;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Offline;

/// <summary>
/// Learns a policy for multi-step runs from logged episodes (the orchestrator's "train from logs"): REINFORCE with a
/// learned baseline (Williams 1992; Sutton &amp; Barto 2018, §13.4) over runs read from JSON Lines
/// (<see cref="EpisodeLogReader"/>), with a linear softmax policy π(a|s) ∝ exp(θ_aᵀs) and a linear baseline V(s) = wᵀs.
/// </summary>
/// <remarks>
/// <para>
/// The logs come from other policies (rules, earlier learned policies, static choices). When a step logs its
/// propensity μ(a|s), its gradient is weighted by the truncated importance ratio min(π(a|s)/μ(a|s), c); without one the
/// ratio is 1, which learns an advantage-weighted imitation of the logged behaviour. The γᵗ factor of the episodic
/// policy-gradient theorem is left out, as most implementations do, so late steps of long runs still count.
/// </para>
/// <para>
/// Snapshots hold the parameters, the seed and the decision counter; loading a snapshot of another learner with the
/// same action count and dimension (whatever its step sizes) is a warm start, and a mismatch is a
/// <see cref="SnapshotException"/> naming both shapes.
/// </para>
/// <para>Thread safety: every public member is safe to call from many threads at once; training and decisions are serialized by one lock.</para>
/// </remarks>
public sealed class EpisodeLogLearner : ISnapshotable
{
    private readonly Lock _gate = new();
    private readonly int _actions;
    private readonly int _dimension;
    private readonly double _alpha;
    private readonly double _baselineAlpha;
    private readonly double _gamma;
    private readonly double _maxRatio;
    private readonly double[] _probabilities;
    private double[] _theta;
    private double[] _w;
    private ulong _seed;
    private long _decisions;

    /// <summary>Creates a learner with all parameters 0 (a uniform policy and a zero baseline).</summary>
    /// <param name="options">The options; validated and copied here.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public EpisodeLogLearner(EpisodeLogLearnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _actions = options.ActionCount;
        _dimension = options.Dimension;
        _alpha = options.LearningRate;
        _baselineAlpha = options.BaselineLearningRate;
        _gamma = options.Gamma;
        _maxRatio = options.MaxImportanceRatio;
        _theta = new double[_actions * _dimension];
        _w = new double[_dimension];
        _probabilities = new double[_actions];
        _seed = SeedSequence.Resolve(options.Seed, options.Random);
    }

    /// <summary>The number of actions.</summary>
    public int ActionCount => _actions;

    /// <summary>The length of the state feature vectors.</summary>
    public int Dimension => _dimension;

    /// <summary>The number of learned parameters: ActionCount × Dimension policy weights plus Dimension baseline weights.</summary>
    public int ParameterCount => (_actions + 1) * _dimension;

    /// <inheritdoc />
    public string SnapshotType => "RlCommons.EpisodeLogLearner";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>Reads an episode log (see <see cref="EpisodeLogReader"/> for the line schema) and learns from it.</summary>
    /// <param name="log">The JSON Lines text.</param>
    /// <param name="epochs">The passes over the runs, at least 1.</param>
    /// <returns>The summary: lines skipped, runs used, average episode reward, parameters updated and the policy modes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is below 1.</exception>
    public EpisodeTrainingSummary Train(TextReader log, int epochs = 1)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        EpisodeLog read = EpisodeLogReader.Read(log, _actions, _dimension);
        return Train(read.Steps, epochs, read.Lines, read.MalformedLines);
    }

    /// <summary>Learns from logged steps, grouped into runs by <see cref="EpisodeStep.RunId"/> and ordered by <see cref="EpisodeStep.Step"/>.</summary>
    /// <param name="steps">The steps, in any order.</param>
    /// <param name="epochs">The passes over the runs, at least 1.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">A step does not fit this learner (the message gives its position and field); nothing is learned.</exception>
    public EpisodeTrainingSummary Train(IEnumerable<EpisodeStep> steps, int epochs = 1)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        EpisodeStep[] all = [.. steps];
        for (int i = 0; i < all.Length; i++)
        {
            Validate(all[i], i);
        }

        return Train(all, epochs, 0, 0);
    }

    /// <summary>Writes π(·|<paramref name="state"/>) into <paramref name="probabilities"/>.</summary>
    /// <param name="state">Exactly <see cref="Dimension"/> finite values.</param>
    /// <param name="probabilities">Exactly <see cref="ActionCount"/> values.</param>
    /// <exception cref="ArgumentException">A length is wrong or a state value is not finite.</exception>
    public void GetProbabilities(ReadOnlySpan<float> state, Span<double> probabilities)
    {
        ValidateState(state, nameof(state));
        if (probabilities.Length != _actions)
        {
            throw new ArgumentException($"{nameof(probabilities)} must have {_actions} values (ActionCount), it has {probabilities.Length}.", nameof(probabilities));
        }

        lock (_gate)
        {
            Softmax(state, probabilities);
        }
    }

    /// <summary>Chooses an action: sampled from π(·|s) when exploring, else the most probable (lowest index on ties).</summary>
    /// <param name="state">Exactly <see cref="Dimension"/> finite values.</param>
    /// <param name="explore">Whether to sample.</param>
    /// <returns>The decision, with its propensity under the policy (1 for a greedy choice) and the action's probability as score.</returns>
    /// <exception cref="ArgumentException">The state is invalid.</exception>
    public Decision Decide(ReadOnlySpan<float> state, bool explore = true)
    {
        ValidateState(state, nameof(state));
        lock (_gate)
        {
            Softmax(state, _probabilities);
            long sequence = ++_decisions;
            ulong decisionSeed = SeedSequence.Derive(_seed, (ulong)sequence);
            int action = 0;
            for (int a = 1; a < _actions; a++)
            {
                action = _probabilities[a] > _probabilities[action] ? a : action;
            }

            if (explore)
            {
                double u = new Xoshiro256Random(decisionSeed).NextDouble();
                action = _actions - 1;
                double cumulative = 0;
                for (int a = 0; a < _actions; a++)
                {
                    cumulative += _probabilities[a];
                    if (u < cumulative)
                    {
                        action = a;
                        break;
                    }
                }
            }

            return new Decision(action, explore ? _probabilities[action] : 1.0, _probabilities[action], explore, sequence, decisionSeed);
        }
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_gate)
        {
            writer.WriteInt32(_actions);
            writer.WriteInt32(_dimension);
            writer.WriteUInt64(_seed);
            writer.WriteInt64(_decisions);
            writer.WriteDoubles(_theta);
            writer.WriteDoubles(_w);
        }
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int actions = reader.ReadInt32();
        int dimension = reader.ReadInt32();
        if (actions != _actions || dimension != _dimension)
        {
            throw new SnapshotException(string.Create(
                CultureInfo.InvariantCulture,
                $"The snapshot's learner has {actions} actions and state dimension {dimension}; this one has {_actions} actions and dimension {_dimension}: the spaces are not compatible."));
        }

        ulong seed = reader.ReadUInt64();
        long decisions = reader.ReadInt64();
        double[] theta = reader.ReadDoubles(actions * dimension, "θ");
        double[] w = reader.ReadDoubles(dimension, "w");
        reader.EnsureEnd();
        if (decisions < 0 || !Array.TrueForAll(theta, double.IsFinite) || !Array.TrueForAll(w, double.IsFinite))
        {
            throw new SnapshotException("The snapshot's learner has a negative counter or non-finite parameters.");
        }

        lock (_gate)
        {
            (_seed, _decisions, _theta, _w) = (seed, decisions, theta, w);
        }
    }

    private EpisodeTrainingSummary Train(IReadOnlyList<EpisodeStep> steps, int epochs, int lines, int malformed)
    {
        // Runs in order of first appearance, steps by index; a run whose steps are not exactly 0..n−1 is left out.
        var runs = new List<EpisodeStep[]>();
        int skipped = 0;
        foreach (IGrouping<string, EpisodeStep> group in steps.GroupBy(s => s.RunId, StringComparer.Ordinal))
        {
            EpisodeStep[] run = [.. group.OrderBy(s => s.Step)];
            bool contiguous = true;
            for (int t = 0; t < run.Length; t++)
            {
                contiguous &= run[t].Step == t;
            }

            if (contiguous)
            {
                runs.Add(run);
            }
            else
            {
                skipped++;
            }
        }

        var byMode = new Dictionary<PolicyMode, int> { [PolicyMode.Rule] = 0, [PolicyMode.Learned] = 0, [PolicyMode.Static] = 0 };
        int used = 0;
        double rewardSum = 0;
        foreach (EpisodeStep[] run in runs)
        {
            used += run.Length;
            foreach (EpisodeStep step in run)
            {
                byMode[step.Mode]++;
                rewardSum += step.Reward;
            }
        }

        long updates = 0;
        lock (_gate)
        {
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                foreach (EpisodeStep[] run in runs)
                {
                    updates += LearnRun(run);
                }
            }
        }

        return new EpisodeTrainingSummary(lines, malformed, runs.Count, skipped, used, runs.Count == 0 ? 0 : rewardSum / runs.Count, ParameterCount, updates, byMode);
    }

    /// <summary>
    /// One REINFORCE-with-baseline pass over a run (Sutton &amp; Barto 2018, §13.4, without the γᵗ factor):
    /// <code>
    /// G_t = Σ_{k≥t} γ^{k−t} r_k,   δ = G_t − wᵀs_t,   ρ = min(π(a_t|s_t) / μ_t, c)  (1 without μ_t)
    /// w   ← w + α_w δ s_t
    /// θ_k ← θ_k + α_θ ρ δ (1{k = a_t} − π(k|s_t)) s_t      for every action k
    /// </code>
    /// δ and π use the parameters before the step's update.
    /// </summary>
    private int LearnRun(EpisodeStep[] run)
    {
        var returns = new double[run.Length];
        double g = 0;
        for (int t = run.Length - 1; t >= 0; t--)
        {
            g = run[t].Reward + (_gamma * g);
            returns[t] = g;
        }

        for (int t = 0; t < run.Length; t++)
        {
            float[] s = run[t].State;
            int a = run[t].Action;
            Softmax(s, _probabilities);
            double delta = returns[t] - Dot(_w, s);
            double ratio = run[t].Propensity is { } mu ? Math.Min(_probabilities[a] / mu, _maxRatio) : 1.0;
            for (int i = 0; i < _dimension; i++)
            {
                _w[i] += _baselineAlpha * delta * s[i];
            }

            for (int k = 0; k < _actions; k++)
            {
                double scale = _alpha * ratio * delta * ((k == a ? 1.0 : 0.0) - _probabilities[k]);
                Span<double> row = _theta.AsSpan(k * _dimension, _dimension);
                for (int i = 0; i < _dimension; i++)
                {
                    row[i] += scale * s[i];
                }
            }
        }

        return run.Length;
    }

    private void Softmax(ReadOnlySpan<float> state, Span<double> probabilities)
    {
        double max = double.NegativeInfinity;
        for (int k = 0; k < _actions; k++)
        {
            probabilities[k] = Dot(_theta.AsSpan(k * _dimension, _dimension), state);
            max = Math.Max(max, probabilities[k]);
        }

        double sum = 0;
        for (int k = 0; k < _actions; k++)
        {
            probabilities[k] = Math.Exp(probabilities[k] - max);
            sum += probabilities[k];
        }

        for (int k = 0; k < _actions; k++)
        {
            probabilities[k] /= sum;
        }
    }

    private static double Dot(ReadOnlySpan<double> weights, ReadOnlySpan<float> state)
    {
        double sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += weights[i] * state[i];
        }

        return sum;
    }

    private void Validate(EpisodeStep step, int index)
    {
        string at = $"steps[{index}]";
        if (step is null)
        {
            throw new ArgumentNullException(at, $"{at} is null.");
        }

        if (string.IsNullOrEmpty(step.RunId))
        {
            throw new ArgumentException($"{at}.RunId must not be empty.", $"{at}.RunId");
        }

        ArgumentNullException.ThrowIfNull(step.State, $"{at}.State");
        ValidateState(step.State, $"{at}.State");
        if (step.Step < 0)
        {
            throw new ArgumentOutOfRangeException($"{at}.Step", step.Step, $"{at}.Step must be at least 0, was {step.Step}.");
        }

        if ((uint)step.Action >= (uint)_actions)
        {
            throw new ArgumentOutOfRangeException($"{at}.Action", step.Action, $"{at}.Action must be from 0 to {_actions - 1}, was {step.Action}.");
        }

        if (!double.IsFinite(step.Reward))
        {
            throw new ArgumentOutOfRangeException($"{at}.Reward", step.Reward, string.Create(CultureInfo.InvariantCulture, $"{at}.Reward must be finite, was {step.Reward}."));
        }

        if (!Enum.IsDefined(step.Mode))
        {
            throw new ArgumentOutOfRangeException($"{at}.Mode", step.Mode, $"{at}.Mode {(int)step.Mode} is not a {nameof(PolicyMode)}.");
        }

        if (step.Propensity is { } p && !(p is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException($"{at}.Propensity", p, string.Create(CultureInfo.InvariantCulture, $"{at}.Propensity must be null or in (0, 1], was {p}."));
        }
    }

    private void ValidateState(ReadOnlySpan<float> state, string paramName)
    {
        if (state.Length != _dimension)
        {
            throw new ArgumentException($"{paramName} must have {_dimension} values (Dimension), it has {state.Length}.", paramName);
        }

        for (int i = 0; i < state.Length; i++)
        {
            if (!float.IsFinite(state[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{paramName}[{i}] is {state[i]}; states must be finite."), paramName);
            }
        }
    }
}
