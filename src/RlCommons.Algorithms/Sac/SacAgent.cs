using System.Globalization;
using RlCommons.Buffers;
using RlCommons.Environments;
using RlCommons.Neural.Distributions;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Schedules;
using RlCommons.Snapshots;
using RlCommons.Spaces;
using RlCommons.Algorithms.Training;
using RlCommons.Algorithms.Internal;

namespace RlCommons.Algorithms.Sac;

/// <summary>
/// Soft actor-critic (Haarnoja et al. 2018) over a bounded continuous action space, with the options of
/// <see cref="SacOptions"/>: a tanh-squashed Gaussian actor with mean and log σ heads (log σ clamped to [−20, 2]),
/// twin Q critics on the observation concatenated with the action, Polyak-averaged target critics, and automatic
/// tuning of the entropy coefficient α toward a target entropy of −dim(A). The loop is the
/// <see cref="OffPolicyAgent"/>'s and the update follows Stable-Baselines3's <c>SAC.train</c> step for step.
/// </summary>
/// <remarks>
/// <para>In <see cref="OffPolicyAgent.Learn"/> the actions are uniformly random in the box for the first
/// <see cref="SacOptions.LearningStarts"/> steps of the agent's life, then drawn from the policy, with
/// <see cref="SacOptions.GradientSteps"/> updates every <see cref="SacOptions.TrainFrequency"/> steps; the
/// environment's action space must be the agent's box.</para>
/// <para>The networks work in the squashed space (−1, 1)ᵈ; actions sent to the environment are rescaled linearly to
/// the action box, and the replay buffer stores the squashed actions, as SB3 does.</para>
/// <para>Truncated episodes (time limits) are not terminal: their last transition bootstraps from the final
/// observation.</para>
/// <para>A snapshot holds the actor, both critics and both target critics, the three Adam states, log α, the
/// counters and the random generators' states; it does not hold the replay buffer, so a restored agent acts
/// identically and keeps learning, but it refills its buffer first.</para>
/// <para>As an <see cref="IContinuousPolicy"/> its density is that of the action in the box: the tanh-squashed
/// Gaussian rescaled to the bounds, with the exact change-of-variables terms (see <see cref="LogDensity"/>). Its
/// <see cref="Decide"/> draws with its own generator, reseeded for decision n from (seed, n), never with the
/// exploration stream of <see cref="Act"/> and training, so learning results do not depend on how often it is
/// called. The snapshot holds its seed and counter, so a restored agent repeats the decisions.</para>
/// <para>Thread safety: not thread-safe; use one agent from one thread at a time.</para>
/// </remarks>
public sealed class SacAgent : OffPolicyAgent, IContinuousPolicy
{
    /// <summary>SB3's bounds on the actor's log σ output.</summary>
    internal const float LogStdMin = -20f;

    /// <summary>SB3's bounds on the actor's log σ output.</summary>
    internal const float LogStdMax = 2f;

    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    // A private copy of the options, taken when the agent is built: later changes to the caller's object do nothing.
    private readonly SacOptions _options;
    private readonly float[] _low;
    private readonly float[] _high;
    private readonly Mlp _actor;
    private readonly Mlp _q1;
    private readonly Mlp _q2;
    private readonly Mlp _q1Target;
    private readonly Mlp _q2Target;
    private readonly Adam _actorOptimizer;
    private readonly Adam _criticOptimizer;
    private readonly Parameter _logAlpha;
    private readonly Adam _alphaOptimizer;
    private readonly double _targetEntropy;

    // Σᵢ log((highᵢ − lowᵢ)/2): the log-Jacobian of the rescaling from (−1, 1)ᵈ to the box.
    private readonly double _logHalfWidths;

    // Scratch, sized once (B = batch, D = observation length, A = action length).
    private readonly float[] _actorOutputs;     // B × 2A: means then raw log σ per row
    private readonly float[] _logStd;           // B × A, clamped
    private readonly float[] _noise;            // B × A
    private readonly float[] _actions;          // B × A, squashed
    private readonly float[] _logProbabilities; // B
    private readonly float[] _criticInput;      // B × (D + A)
    private readonly float[] _q1Values;         // B
    private readonly float[] _targets;          // B
    private readonly float[] _q1Gradient;       // B
    private readonly float[] _q2Gradient;       // B
    private readonly float[] _actionGradient;   // B × A
    private readonly float[] _actorGradient;    // B × 2A
    private readonly float[] _actOutput;        // 2A
    private readonly float[] _actNoise;         // A
    private readonly float[] _actSquashed;      // A
    private readonly float[] _stepSquashed;     // A: the action of the current Learn step, as stored
    private readonly float[] _stepAction;       // A: the same, rescaled to the box and sent

    /// <summary>Creates an agent.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionSpace">The action box; every bound must be finite with low &lt; high.</param>
    /// <param name="options">The hyperparameters; validated and copied here (later changes to the object do not reach the agent).</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed), or the box is unbounded or empty.</exception>
    public SacAgent(int observationDimension, BoxSpace actionSpace, SacOptions options)
        : base(observationDimension, Validated(observationDimension, actionSpace, options).FlatDimension, options, Settings(options))
    {
        _options = options.Clone();
        ActionDimension = actionSpace.FlatDimension;
        _low = actionSpace.Low.ToArray();
        _high = actionSpace.High.ToArray();
        for (int i = 0; i < ActionDimension; i++)
        {
            _logHalfWidths += Math.Log(0.5 * ((double)_high[i] - _low[i]));
        }

        _targetEntropy = _options.TargetEntropy ?? -ActionDimension;

        _actor = new Mlp(ActorShape(), new Xoshiro256Random(SeedSequence.Derive(RootSeed, 0)));
        _q1 = new Mlp(CriticShape(), new Xoshiro256Random(SeedSequence.Derive(RootSeed, 4)));
        _q2 = new Mlp(CriticShape(), new Xoshiro256Random(SeedSequence.Derive(RootSeed, 5)));
        _q1Target = new Mlp(CriticShape(), new Xoshiro256Random(0));
        _q2Target = new Mlp(CriticShape(), new Xoshiro256Random(0));
        _q1Target.CopyParametersFrom(_q1);
        _q2Target.CopyParametersFrom(_q2);
        _actorOptimizer = NewAdam(_actor.Parameters);
        _criticOptimizer = NewAdam([.. _q1.Parameters, .. _q2.Parameters]);
        _logAlpha = DiagonalGaussianDistribution.CreateLogStd(1, Math.Log(_options.EntropyCoefficient));
        _alphaOptimizer = NewAdam([_logAlpha]);

        int b = _options.BatchSize;
        int a = ActionDimension;
        _actorOutputs = new float[b * 2 * a];
        _logStd = new float[b * a];
        _noise = new float[b * a];
        _actions = new float[b * a];
        _logProbabilities = new float[b];
        _criticInput = new float[b * (observationDimension + a)];
        _q1Values = new float[b];
        _targets = new float[b];
        _q1Gradient = new float[b];
        _q2Gradient = new float[b];
        _actionGradient = new float[b * a];
        _actorGradient = new float[b * 2 * a];
        _actOutput = new float[2 * a];
        _actNoise = new float[a];
        _actSquashed = new float[a];
        _stepSquashed = new float[a];
        _stepAction = new float[a];
    }

    /// <summary>The length of an action vector.</summary>
    public int ActionDimension { get; }

    /// <summary>A copy of the options the agent was built with; changing it does not change the agent.</summary>
    public SacOptions Options => _options.Clone();

    /// <summary>The current entropy coefficient α = exp(log α).</summary>
    public double EntropyCoefficient => Math.Exp(_logAlpha.Values[0]);

    /// <summary>The target entropy of automatic tuning (−dim(A) unless set in the options).</summary>
    public double TargetEntropy => _targetEntropy;

    /// <summary>The critic loss ½·Σᵢ mean((Qᵢ(s, a) − y)²) of the last gradient step, or NaN before the first.</summary>
    public double LastCriticLoss { get; private set; } = double.NaN;

    /// <summary>The actor loss mean(α·log π(ã|s) − min Q(s, ã)) of the last gradient step, or NaN before the first.</summary>
    public double LastActorLoss { get; private set; } = double.NaN;

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.Sac.SacAgent";

    // The networks and log α, for tests that check an update against a reference computation.
    internal Mlp Actor => _actor;

    internal Mlp Critic1 => _q1;

    internal Mlp Critic2 => _q2;

    internal Mlp TargetCritic1 => _q1Target;

    internal Mlp TargetCritic2 => _q2Target;

    internal Parameter LogAlpha => _logAlpha;

    /// <summary>Chooses an action in the environment's bounds: a draw from the squashed Gaussian when <paramref name="explore"/>, otherwise tanh(μ).</summary>
    /// <param name="observation">The observation; length <see cref="OffPolicyAgent.ObservationDimension"/>, finite.</param>
    /// <param name="action">Receives <see cref="ActionDimension"/> values inside the action box.</param>
    /// <param name="explore">Whether to sample (training behaviour) or act with the mean.</param>
    /// <exception cref="ArgumentException">A length is wrong or an observation value is not finite.</exception>
    public void Act(ReadOnlySpan<float> observation, Span<float> action, bool explore)
    {
        CheckObservation(observation, nameof(observation));
        if (action.Length != ActionDimension)
        {
            throw new ArgumentException($"action must hold {ActionDimension} values, has {action.Length}.", nameof(action));
        }

        SquashedAction(observation, explore, _actSquashed);
        Rescale(_actSquashed, action);
    }

    /// <summary>Writes an action as SB3's <c>predict</c> does: <see cref="Act"/> with <c>explore = !deterministic</c>.</summary>
    /// <param name="observation">The observation; length <see cref="OffPolicyAgent.ObservationDimension"/>, finite.</param>
    /// <param name="action">Receives <see cref="ActionDimension"/> values inside the action box.</param>
    /// <param name="deterministic">Whether to act with the mean (tanh(μ), rescaled) rather than sample.</param>
    public void Predict(ReadOnlySpan<float> observation, Span<float> action, bool deterministic) => Act(observation, action, !deterministic);

    /// <summary>
    /// Writes an action in the box, drawn as <see cref="Act"/> draws it (u = μ + σ·ε, a = tanh(u), rescaled to the
    /// bounds) but from a generator seeded for this decision alone, and returns its log-density (see
    /// <see cref="LogDensity"/>), computed from u with the numerically stable log(1 − tanh²u) = 2(log 2 − u − softplus(−2u)).
    /// </summary>
    /// <param name="features">The observation; length <see cref="OffPolicyAgent.ObservationDimension"/>, finite.</param>
    /// <param name="action">Receives <see cref="ActionDimension"/> values inside the action box.</param>
    /// <param name="explore">Whether to sample (otherwise tanh(μ) rescaled, a point mass).</param>
    /// <returns>The log-density of the written action; <see cref="double.PositiveInfinity"/> when not exploring.</returns>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    public double Decide(ReadOnlySpan<float> features, Span<float> action, bool explore = true)
    {
        CheckObservation(features, nameof(features));
        if (action.Length != ActionDimension)
        {
            throw new ArgumentException($"action must hold {ActionDimension} values, has {action.Length}.", nameof(action));
        }

        int a = ActionDimension;
        Span<float> mean = _actOutput.AsSpan(0, a);
        Span<float> logStd = _actOutput.AsSpan(a, a);
        _actor.Forward(features, 1).CopyTo(_actOutput);
        Random random = Decisions.Begin(out long sequence, out _);
        if (!explore)
        {
            SquashedGaussianDistribution.Mode(mean, _actSquashed);
            Rescale(_actSquashed, action);
            Decisions.Complete(sequence);
            return double.PositiveInfinity;
        }

        // The draw of Act (same noise, same squashing), from this decision's generator.
        ClampLogStd(logStd, logStd);
        SquashedGaussianDistribution.Sample(mean, logStd, random, _actNoise, _actSquashed);
        double total = -_logHalfWidths;
        for (int i = 0; i < a; i++)
        {
            // log N(u; μ, σ²) with u = μ + σ·ε, minus log(1 − tanh²u) in its stable form.
            double z = _actNoise[i];
            double u = mean[i] + (Math.Exp(logStd[i]) * z);
            double logOneMinusTanhSquared = 2.0 * (Math.Log(2.0) - u - Softplus(-2.0 * u));
            total += (-0.5 * z * z) - logStd[i] - HalfLogTwoPi - logOneMinusTanhSquared;
        }

        Rescale(_actSquashed, action);
        Decisions.Complete(sequence);
        return total;
    }

    /// <summary>
    /// Returns the log-density of <paramref name="action"/> (a point of the action box) under the exploring policy:
    /// with a = (2y − (high + low))/(high − low) ∈ (−1, 1) the squashed action and u = atanh(a),
    /// log π(y) = Σᵢ [log N(uᵢ; μᵢ, σᵢ²) − log(1 − aᵢ²) − log((highᵢ − lowᵢ)/2)], with log σ clamped to [−20, 2] as
    /// the agent acts. This is the exact density, which integrates to 1 over the box; SAC's training loss uses SB3's
    /// log(1 − a² + 10⁻⁶) instead, which differs where |a| is close to 1. Points on or outside the bounds have
    /// log-density −∞ (tanh never reaches ±1; an action that rounds to a bound in <see cref="float"/> is one of them).
    /// Uses no randomness and changes nothing.
    /// </summary>
    /// <param name="features">The observation; length <see cref="OffPolicyAgent.ObservationDimension"/>, finite.</param>
    /// <param name="action"><see cref="ActionDimension"/> finite values.</param>
    /// <returns>log π(action | s), in nats.</returns>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    public double LogDensity(ReadOnlySpan<float> features, ReadOnlySpan<float> action)
    {
        CheckObservation(features, nameof(features));
        VectorChecks.RequireFinite(action, ActionDimension, nameof(action));
        int a = ActionDimension;
        ReadOnlySpan<float> output = _actor.Forward(features, 1);
        double total = -_logHalfWidths;
        for (int i = 0; i < a; i++)
        {
            double halfWidth = 0.5 * ((double)_high[i] - _low[i]);
            double squashed = (action[i] - (0.5 * ((double)_high[i] + _low[i]))) / halfWidth;
            if (!(Math.Abs(squashed) < 1.0))
            {
                return double.NegativeInfinity;
            }

            double logStd = Math.Clamp(output[a + i], LogStdMin, LogStdMax);
            double u = Math.Atanh(squashed);
            double z = (u - output[i]) * Math.Exp(-logStd);
            total += (-0.5 * z * z) - logStd - HalfLogTwoPi - Math.Log(1.0 - (squashed * squashed));
        }

        return total;
    }

    // softplus(x) = log(1 + eˣ), without overflow.
    private static double Softplus(double x) => x > 0 ? x + Math.Log(1.0 + Math.Exp(-x)) : Math.Log(1.0 + Math.Exp(x));

    private static BoxSpace Validated(int observationDimension, BoxSpace actionSpace, SacOptions options)
    {
        ArgumentNullException.ThrowIfNull(actionSpace);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationDimension, 1);
        if (!actionSpace.IsBounded)
        {
            throw new ArgumentException($"SAC rescales its squashed actions to the action box, so every bound must be finite; {actionSpace} is not.", nameof(actionSpace));
        }

        for (int i = 0; i < actionSpace.FlatDimension; i++)
        {
            if (!(actionSpace.Low[i] < actionSpace.High[i]))
            {
                throw new ArgumentException($"actionSpace must have low < high in every component; component {i} has [{actionSpace.Low[i]}, {actionSpace.High[i]}].", nameof(actionSpace));
            }
        }

        options.Validate();
        return actionSpace;
    }

    private static OffPolicySettings Settings(SacOptions options)
        => new(options.BufferSize, options.BatchSize, options.LearningStarts, options.TrainFrequency, options.GradientSteps);

    private protected override string? ActionSpaceMismatch(Space actionSpace)
        => actionSpace is BoxSpace box && box.Low.SequenceEqual(_low) && box.High.SequenceEqual(_high)
            ? null
            : $"The environment's action space {actionSpace} is not the agent's box of {ActionDimension} values.";

    private protected override StepResult ActAndStep(IEnvironment environment, ReadOnlySpan<float> observation, Span<float> next, bool randomAction)
    {
        if (randomAction)
        {
            // SB3 samples the box uniformly and stores its squashed image; for a bounded box that is U(−1, 1).
            for (int i = 0; i < _stepSquashed.Length; i++)
            {
                _stepSquashed[i] = (float)((2.0 * Exploration.NextDouble()) - 1.0);
            }
        }
        else
        {
            CheckObservation(observation, "environment observation");
            SquashedAction(observation, explore: true, _stepSquashed);
        }

        Rescale(_stepSquashed, _stepAction);
        return environment.Step(_stepAction, next);
    }

    // The buffer keeps the squashed action, and a truncation stays non-terminal so the target bootstraps from the final observation.
    private protected override void StoreTransition(ReadOnlySpan<float> observation, StepResult result, ReadOnlySpan<float> next)
        => AddTransition(observation, _stepSquashed, (float)result.Reward, next, result.Terminated, result.Truncated);

    private protected override void GradientStep(double runFraction) => Update(SampleBatch());

    private protected override void WriteShape(SnapshotWriter writer)
    {
        writer.WriteInt32(ObservationDimension);
        writer.WriteInt32(ActionDimension);
        writer.WriteInt32s([.. _options.HiddenSizes]);
    }

    private protected override void CheckShape(SnapshotReader reader)
    {
        int observations = reader.ReadInt32();
        int actions = reader.ReadInt32();
        int[] hidden = reader.ReadInt32s();
        if (observations != ObservationDimension || actions != ActionDimension || !hidden.AsSpan().SequenceEqual([.. _options.HiddenSizes]))
        {
            throw new SnapshotException(string.Create(CultureInfo.InvariantCulture,
                $"The snapshot is of a SAC agent with {observations} observations, {actions} actions and hidden sizes [{string.Join(", ", hidden)}]; this agent has {ObservationDimension}, {ActionDimension} and [{string.Join(", ", _options.HiddenSizes)}]."));
        }
    }

    private protected override void WriteCoefficientState(SnapshotWriter writer) => writer.WriteSingles(_logAlpha.Values);

    private protected override (bool Valid, Action? Commit) ReadCoefficientState(SnapshotReader reader)
    {
        float[] logAlpha = reader.ReadSingles();
        return (logAlpha.Length == 1 && float.IsFinite(logAlpha[0]), () => _logAlpha.Values[0] = logAlpha[0]);
    }

    private protected override string SnapshotStateName => "log α";

    private protected override void WriteModels(SnapshotWriter writer)
    {
        writer.WriteBytes(Snapshot.ToBytes(_actor, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_q1, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_q2, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_q1Target, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_q2Target, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_actorOptimizer, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_criticOptimizer, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_alphaOptimizer, _options.TimeProvider));
    }

    private protected override Func<Action> ReadModels(SnapshotReader reader)
    {
        byte[][] networks = [reader.ReadBytes(), reader.ReadBytes(), reader.ReadBytes(), reader.ReadBytes(), reader.ReadBytes()];
        byte[] actorOptimizer = reader.ReadBytes();
        byte[] criticOptimizer = reader.ReadBytes();
        byte[] alphaOptimizer = reader.ReadBytes();
        return () =>
        {
            var scratchActor = new Mlp(ActorShape(), new Xoshiro256Random(0));
            var scratchQ1 = new Mlp(CriticShape(), new Xoshiro256Random(0));
            var scratchQ2 = new Mlp(CriticShape(), new Xoshiro256Random(0));
            Snapshot.Load(scratchActor, networks[0]);
            Snapshot.Load(scratchQ1, networks[1]);
            Snapshot.Load(scratchQ2, networks[2]);
            Snapshot.Load(new Mlp(CriticShape(), new Xoshiro256Random(0)), networks[3]);
            Snapshot.Load(new Mlp(CriticShape(), new Xoshiro256Random(0)), networks[4]);
            Snapshot.Load(NewAdam(scratchActor.Parameters), actorOptimizer);
            Snapshot.Load(NewAdam([.. scratchQ1.Parameters, .. scratchQ2.Parameters]), criticOptimizer);
            Snapshot.Load(NewAdam([DiagonalGaussianDistribution.CreateLogStd(1)]), alphaOptimizer);
            return () =>
            {
                Snapshot.Load(_actor, networks[0]);
                Snapshot.Load(_q1, networks[1]);
                Snapshot.Load(_q2, networks[2]);
                Snapshot.Load(_q1Target, networks[3]);
                Snapshot.Load(_q2Target, networks[4]);
                Snapshot.Load(_actorOptimizer, actorOptimizer);
                Snapshot.Load(_criticOptimizer, criticOptimizer);
                Snapshot.Load(_alphaOptimizer, alphaOptimizer);
            };
        };
    }

    /// <summary>
    /// One SAC gradient step on <paramref name="batch"/> (B transitions s, a, r, s′, done), as SB3's <c>SAC.train</c>:
    /// <list type="number">
    /// <item>Target (no gradient), with α = exp(log α) taken before this step's α update:
    /// ã′ ~ π(·|s′), y = r + γ·(1 − done)·(min_j Q′_j(s′, ã′) − α·log π(ã′|s′)).</item>
    /// <item>Entropy coefficient (when automatic): ã ~ π(·|s) by reparameterization, loss
    /// J(log α) = −mean(log α · (log π(ã|s) + H̄)), so ∂J/∂log α = −mean(log π(ã|s) + H̄); one Adam step.</item>
    /// <item>Critics: J_Q = ½·Σ_j mean((Q_j(s, a) − y)²), so ∂J_Q/∂Q_j = (Q_j − y)/B; one Adam step on both.</item>
    /// <item>Actor, through the just-updated critics: J_π = mean(α·log π(ã|s) − min_j Q_j(s, ã)) with ã = tanh(μ + σ·ε),
    /// ε fixed. ∂J_π/∂ã = −(∂Q_k/∂ã)/B for the smaller critic k; the squashed Gaussian turns that and the weight
    /// α/B of log π into gradients of μ and log σ (zero where log σ was clamped); one Adam step.</item>
    /// <item>Every <see cref="SacOptions.TargetUpdateInterval"/> gradient steps, θ′_j ← (1 − τ)·θ′_j + τ·θ_j.</item>
    /// </list>
    /// </summary>
    internal void Update(ReplayBatch batch)
    {
        int b = batch.Count;
        int a = ActionDimension;
        float alpha = MathF.Exp(_logAlpha.Values[0]);
        float inverse = 1f / b;
        float gamma = (float)_options.Gamma;

        // 1. Soft Bellman target from the target critics and a fresh next action.
        SamplePolicy(batch.NextObservations, b);
        FillCriticInput(batch.NextObservations, _actions, b);
        ReadOnlySpan<float> q1Next = _q1Target.Forward(_criticInput.AsSpan(0, b * (ObservationDimension + a)), b);
        q1Next.CopyTo(_q1Values);
        ReadOnlySpan<float> q2Next = _q2Target.Forward(_criticInput.AsSpan(0, b * (ObservationDimension + a)), b);
        ReadOnlySpan<float> rewards = batch.Rewards;
        ReadOnlySpan<bool> terminated = batch.Terminated;
        for (int i = 0; i < b; i++)
        {
            float soft = MathF.Min(_q1Values[i], q2Next[i]) - (alpha * _logProbabilities[i]);
            _targets[i] = rewards[i] + (terminated[i] ? 0f : gamma * soft);
        }

        // 2. Reparameterized actions for the current states; the actor's forward pass stays for its backward pass.
        SamplePolicy(batch.Observations, b);
        if (_options.AutoEntropy)
        {
            double meanGap = 0;
            for (int i = 0; i < b; i++)
            {
                meanGap += _logProbabilities[i] + _targetEntropy;
            }

            _logAlpha.Gradients[0] = (float)(-meanGap / b);
            _alphaOptimizer.Step();
        }

        // 3. Critics on the stored actions.
        FillCriticInput(batch.Observations, batch.ContinuousActions, b);
        ReadOnlySpan<float> input = _criticInput.AsSpan(0, b * (ObservationDimension + a));
        double criticLoss = 0;
        ReadOnlySpan<float> q1 = _q1.Forward(input, b);
        for (int i = 0; i < b; i++)
        {
            float error = q1[i] - _targets[i];
            criticLoss += error * error;
            _q1Gradient[i] = error * inverse;
        }

        ReadOnlySpan<float> q2 = _q2.Forward(input, b);
        for (int i = 0; i < b; i++)
        {
            float error = q2[i] - _targets[i];
            criticLoss += error * error;
            _q2Gradient[i] = error * inverse;
        }

        _q1.Backward(_q1Gradient.AsSpan(0, b));
        _q2.Backward(_q2Gradient.AsSpan(0, b));
        _criticOptimizer.Step();
        LastCriticLoss = 0.5 * criticLoss / b;

        // 4. Actor through the smaller of the updated critics.
        FillCriticInput(batch.Observations, _actions, b);
        q1 = _q1.Forward(input, b);
        q1.CopyTo(_q1Values);
        q2 = _q2.Forward(input, b);
        double actorLoss = 0;
        for (int i = 0; i < b; i++)
        {
            bool first = _q1Values[i] <= q2[i];
            float minimum = first ? _q1Values[i] : q2[i];
            actorLoss += (alpha * _logProbabilities[i]) - minimum;
            _q1Gradient[i] = first ? -inverse : 0f;
            _q2Gradient[i] = first ? 0f : -inverse;
        }

        int width = ObservationDimension + a;
        ReadOnlySpan<float> inputGradient = _q2.Backward(_q2Gradient.AsSpan(0, b), computeInputGradient: true);
        for (int i = 0; i < b; i++)
        {
            inputGradient.Slice((i * width) + ObservationDimension, a).CopyTo(_actionGradient.AsSpan(i * a, a));
        }

        inputGradient = _q1.Backward(_q1Gradient.AsSpan(0, b), computeInputGradient: true);
        Span<float> actorGradient = _actorGradient.AsSpan(0, b * 2 * a);
        actorGradient.Clear();
        float weight = alpha * inverse;
        for (int i = 0; i < b; i++)
        {
            Span<float> actionGradient = _actionGradient.AsSpan(i * a, a);
            ReadOnlySpan<float> fromQ1 = inputGradient.Slice((i * width) + ObservationDimension, a);
            for (int j = 0; j < a; j++)
            {
                actionGradient[j] += fromQ1[j];
            }

            ReadOnlySpan<float> row = _actorOutputs.AsSpan(i * 2 * a, 2 * a);
            Span<float> gradientRow = actorGradient.Slice(i * 2 * a, 2 * a);
            SquashedGaussianDistribution.AccumulateGradient(row[..a], _logStd.AsSpan(i * a, a), _noise.AsSpan(i * a, a), actionGradient, weight, gradientRow[..a], gradientRow[a..]);
            for (int j = 0; j < a; j++)
            {
                float raw = row[a + j];
                if (raw < LogStdMin || raw > LogStdMax)
                {
                    gradientRow[a + j] = 0f;
                }
            }
        }

        _actor.Backward(actorGradient);
        _actorOptimizer.Step();
        LastActorLoss = actorLoss / b;

        // 5. Polyak averaging of the target critics.
        if (GradientSteps % _options.TargetUpdateInterval == 0)
        {
            _q1Target.SoftUpdateFrom(_q1, _options.Tau);
            _q2Target.SoftUpdateFrom(_q2, _options.Tau);
        }

        CountGradientStep();
    }

    // Actor forward on B rows, then ã = tanh(μ + σ·ε) and log π(ã|s) per row into the scratch arrays.
    private void SamplePolicy(ReadOnlySpan<float> observations, int rows)
    {
        int a = ActionDimension;
        ReadOnlySpan<float> outputs = _actor.Forward(observations, rows);
        outputs.CopyTo(_actorOutputs);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = outputs.Slice(i * 2 * a, 2 * a);
            Span<float> logStd = _logStd.AsSpan(i * a, a);
            ClampLogStd(row[a..], logStd);
            _logProbabilities[i] = (float)SquashedGaussianDistribution.Sample(row[..a], logStd, Sampling, _noise.AsSpan(i * a, a), _actions.AsSpan(i * a, a));
        }
    }

    private void SquashedAction(ReadOnlySpan<float> observation, bool explore, Span<float> squashed)
    {
        int a = ActionDimension;
        _actor.Forward(observation, 1).CopyTo(_actOutput);
        ReadOnlySpan<float> mean = _actOutput.AsSpan(0, a);
        if (!explore)
        {
            SquashedGaussianDistribution.Mode(mean, squashed);
            return;
        }

        Span<float> logStd = _actOutput.AsSpan(a, a);
        ClampLogStd(logStd, logStd);
        SquashedGaussianDistribution.Sample(mean, logStd, Exploration, _actNoise, squashed);
    }

    private static void ClampLogStd(ReadOnlySpan<float> raw, Span<float> clamped)
    {
        for (int j = 0; j < raw.Length; j++)
        {
            clamped[j] = Math.Clamp(raw[j], LogStdMin, LogStdMax);
        }
    }

    private void FillCriticInput(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int rows)
    {
        int d = ObservationDimension;
        int a = ActionDimension;
        for (int i = 0; i < rows; i++)
        {
            Span<float> row = _criticInput.AsSpan(i * (d + a), d + a);
            observations.Slice(i * d, d).CopyTo(row);
            actions.Slice(i * a, a).CopyTo(row[d..]);
        }
    }

    // Maps a squashed action in [−1, 1] to the box: low + ½(a + 1)(high − low), clipped against rounding.
    private void Rescale(ReadOnlySpan<float> squashed, Span<float> action)
    {
        for (int i = 0; i < squashed.Length; i++)
        {
            float value = _low[i] + (0.5f * (squashed[i] + 1f) * (_high[i] - _low[i]));
            action[i] = Math.Clamp(value, _low[i], _high[i]);
        }
    }

    private Adam NewAdam(IReadOnlyList<Parameter> parameters) => new(parameters, Schedule.Constant(_options.LearningRate), epsilon: _options.AdamEpsilon);

    private MlpOptions ActorShape() => new()
    {
        InputSize = ObservationDimension,
        HiddenSizes = [.. _options.HiddenSizes],
        OutputSize = 2 * ActionDimension,
        MaxBatchSize = _options.BatchSize,
    };

    private MlpOptions CriticShape() => new()
    {
        InputSize = ObservationDimension + ActionDimension,
        HiddenSizes = [.. _options.HiddenSizes],
        OutputSize = 1,
        MaxBatchSize = _options.BatchSize,
    };
}
