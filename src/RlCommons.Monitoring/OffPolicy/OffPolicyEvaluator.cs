using MathNet.Numerics.Distributions;
using RlCommons.Decisions;
using RlCommons.Monitoring.Statistics;
using RlCommons.Policies;

namespace RlCommons.Monitoring.OffPolicy;

/// <summary>
/// Estimates the expected reward per decision of a target policy π from decisions logged by another policy μ, whose
/// propensities μ(a_i | x_i) were logged. Importance weight <c>w_i = π(a_i | x_i) / μ(a_i | x_i)</c>.
/// </summary>
/// <remarks>
/// <para>Every estimator is a mean of per-decision terms (SNIPS after linearisation), so its standard error is the
/// sample standard deviation of those terms over √n and its interval <c>V̂ ± z_{(1+c)/2} · SE</c>. The interval
/// ignores the uncertainty of a reward model fitted on the same logs and relies on the central limit theorem: with
/// heavy importance weights (rare logged actions the target favours) it is too narrow; clip the weights or log more.</para>
/// <para>Formulas (Dudík, Langford and Li 2011, "Doubly robust policy evaluation and learning"):
/// IPS <c>(1/n) Σ w_i r_i</c>; SNIPS <c>Σ w_i r_i / Σ w_i</c>; DM <c>(1/n) Σ_i Σ_a π(a|x_i) q̂(x_i, a)</c>;
/// DR <c>(1/n) Σ_i [Σ_a π(a|x_i) q̂(x_i, a) + w_i (r_i − q̂(x_i, a_i))]</c>.</para>
/// <para>Thread safety: immutable after construction; every method is safe from any thread.</para>
/// </remarks>
public sealed class OffPolicyEvaluator
{
    /// <summary>
    /// The smallest logged propensity accepted, 1e-12. Below it an importance weight can exceed 1e12 (or overflow to
    /// infinity for subnormal propensities, which made the standard error NaN), so such logs are rejected with an
    /// <see cref="ArgumentException"/> naming the logged decision rather than clipped silently.
    /// </summary>
    public const double MinimumPropensity = 1e-12;

    private readonly DecisionRecord[] _logs;
    private readonly double[] _rewards;
    private readonly int _actionCount;
    private readonly double[][] _target;
    private readonly double[] _weights;

    /// <summary>Prepares the evaluation of <paramref name="target"/> on <paramref name="logs"/>.</summary>
    /// <param name="logs">The logged decisions (at least 2), all rewarded (see <c>IDecisionLog.ReadRewarded</c>), with the same number of features, propensities in [<see cref="MinimumPropensity"/>, 1] and finite rewards.</param>
    /// <param name="actionCount">The number of actions, at least 1.</param>
    /// <param name="target">The target policy; its probabilities over all actions must sum to 1 (within 1e-9) for every logged context.</param>
    /// <exception cref="ArgumentException">The logs or the target policy's probabilities are invalid.</exception>
    public OffPolicyEvaluator(IReadOnlyList<DecisionLogEntry> logs, int actionCount, TargetPolicy target)
        : this(logs, actionCount, target is null ? throw new ArgumentNullException(nameof(target)) : (features, probabilities) =>
        {
            for (int a = 0; a < probabilities.Length; a++)
            {
                probabilities[a] = target(features, a);
            }
        })
    {
    }

    /// <summary>
    /// Prepares the evaluation of a policy on the common contract on <paramref name="logs"/>: its
    /// <see cref="IPolicy.GetProbabilities"/> gives π(a | x) for every logged context (no decision is made).
    /// </summary>
    /// <param name="logs">The logged decisions, as for the other constructor.</param>
    /// <param name="target">The policy to evaluate; it must read the logged features.</param>
    /// <param name="explore"><see langword="false"/> (the default) to evaluate the greedy policy; <see langword="true"/> for the exploring one.</param>
    /// <exception cref="ArgumentException">The logs are invalid, or they hold an action the policy does not have.</exception>
    public OffPolicyEvaluator(IReadOnlyList<DecisionLogEntry> logs, IPolicy target, bool explore = false)
        : this(logs, (target ?? throw new ArgumentNullException(nameof(target))).ActionCount, (features, probabilities) => target.GetProbabilities(features, probabilities, explore))
    {
    }

    private OffPolicyEvaluator(IReadOnlyList<DecisionLogEntry> logs, int actionCount, Probabilities target)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        LogValidation.Check(logs, actionCount, nameof(logs));
        if (logs.Count < 2)
        {
            throw new ArgumentException("At least two logged decisions are required for a standard error.", nameof(logs));
        }

        _logs = [.. logs.Select(e => e.Decision)];
        _rewards = [.. logs.Select(e => e.Reward!.Value)];
        _actionCount = actionCount;
        _target = new double[_logs.Length][];
        _weights = new double[_logs.Length];
        for (int i = 0; i < _logs.Length; i++)
        {
            var probabilities = new double[actionCount];
            target(_logs[i].Features.Span, probabilities);
            double sum = 0;
            for (int a = 0; a < actionCount; a++)
            {
                double p = probabilities[a];
                if (!(p >= 0 && p <= 1))
                {
                    throw new ArgumentException($"The target policy gave probability {p} to action {a} in logged context {i}; it must be in [0, 1].", nameof(target));
                }

                sum += p;
            }

            if (Math.Abs(sum - 1) > 1e-9)
            {
                throw new ArgumentException($"The target policy's probabilities sum to {sum} in logged context {i}; they must sum to 1.", nameof(target));
            }

            _target[i] = probabilities;
            _weights[i] = probabilities[_logs[i].Action] / _logs[i].Propensity;
        }
    }

    private delegate void Probabilities(ReadOnlySpan<float> features, Span<double> probabilities);

    /// <summary>The number of logged decisions.</summary>
    public int Samples => _logs.Length;

    /// <summary>
    /// The effective sample size of the importance weights, <c>(Σ w)² / Σ w²</c>: how many on-policy samples the logs
    /// are worth. Far below <see cref="Samples"/> warns that IPS, SNIPS and DR will be noisy.
    /// </summary>
    public double EffectiveSampleSize
    {
        get
        {
            double sum = 0;
            double squares = 0;
            foreach (double w in _weights)
            {
                sum += w;
                squares += w * w;
            }

            return squares == 0 ? 0 : sum * sum / squares;
        }
    }

    /// <summary>Inverse propensity scoring, <c>(1/n) Σ min(w_i, clip) r_i</c>: unbiased without clipping; clipping trades bias for variance.</summary>
    /// <param name="weightClip">The largest importance weight allowed, positive; null for none. The default is null.</param>
    /// <param name="confidence">The interval's level, in (0, 1). The default is 0.95.</param>
    /// <returns>The estimate.</returns>
    public OffPolicyEstimate InversePropensityScoring(double? weightClip = null, double confidence = 0.95)
    {
        if (weightClip is { } c && (!(c > 0) || double.IsNaN(c)))
        {
            throw new ArgumentOutOfRangeException(nameof(weightClip), c, "The weight clip must be positive.");
        }

        Guard.OpenUnit(confidence, nameof(confidence));
        var terms = new double[_logs.Length];
        for (int i = 0; i < terms.Length; i++)
        {
            double w = weightClip is { } clip ? Math.Min(_weights[i], clip) : _weights[i];
            terms[i] = w * _rewards[i];
        }

        return FromTerms("IPS", terms, confidence);
    }

    /// <summary>
    /// Self-normalised IPS, <c>Σ w_i r_i / Σ w_i</c>: slightly biased, usually far less variable. Its standard error
    /// linearises the ratio (delta method): per-decision terms <c>w_i (r_i − V̂) / w̄</c>.
    /// </summary>
    /// <param name="confidence">The interval's level, in (0, 1). The default is 0.95.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="InvalidOperationException">Every importance weight is 0: the target never takes a logged action.</exception>
    public OffPolicyEstimate SelfNormalizedInversePropensityScoring(double confidence = 0.95)
    {
        Guard.OpenUnit(confidence, nameof(confidence));
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < _logs.Length; i++)
        {
            weighted += _weights[i] * _rewards[i];
            total += _weights[i];
        }

        if (total == 0)
        {
            throw new InvalidOperationException("Every importance weight is 0: the target policy never takes a logged action, so SNIPS is undefined.");
        }

        double value = weighted / total;
        double meanWeight = total / _logs.Length;
        var terms = new double[_logs.Length];
        for (int i = 0; i < terms.Length; i++)
        {
            terms[i] = _weights[i] * (_rewards[i] - value) / meanWeight;
        }

        double se = StandardError(terms);
        return Build("SNIPS", value, se, confidence);
    }

    /// <summary>The direct method with a supplied reward model: <c>(1/n) Σ_i Σ_a π(a|x_i) q̂(x_i, a)</c>. Biased when the model is.</summary>
    /// <param name="model">The reward model.</param>
    /// <param name="confidence">The interval's level, in (0, 1). The default is 0.95.</param>
    /// <returns>The estimate; its interval reflects only the spread over contexts, not the model's error.</returns>
    public OffPolicyEstimate DirectMethod(IRewardModel model, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(model);
        Guard.OpenUnit(confidence, nameof(confidence));
        var terms = new double[_logs.Length];
        for (int i = 0; i < terms.Length; i++)
        {
            terms[i] = ModelValue(model, i);
        }

        return FromTerms("DM", terms, confidence);
    }

    /// <summary>The direct method with a per-action ridge model fitted on these logs (<see cref="RidgeRewardModel"/>).</summary>
    /// <param name="ridgeLambda">The ridge penalty, positive. The default is 1.</param>
    /// <param name="confidence">The interval's level, in (0, 1). The default is 0.95.</param>
    /// <returns>The estimate.</returns>
    public OffPolicyEstimate DirectMethod(double ridgeLambda = 1.0, double confidence = 0.95)
        => DirectMethod(RidgeRewardModel.Fit(Entries(), _actionCount, ridgeLambda), confidence);

    /// <summary>
    /// Doubly robust: the direct method corrected by the importance-weighted residual,
    /// <c>(1/n) Σ_i [Σ_a π(a|x_i) q̂(x_i, a) + w_i (r_i − q̂(x_i, a_i))]</c>. Unbiased when either the propensities or
    /// the model are right.
    /// </summary>
    /// <param name="model">The reward model.</param>
    /// <param name="confidence">The interval's level, in (0, 1). The default is 0.95.</param>
    /// <returns>The estimate.</returns>
    public OffPolicyEstimate DoublyRobust(IRewardModel model, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(model);
        Guard.OpenUnit(confidence, nameof(confidence));
        var terms = new double[_logs.Length];
        for (int i = 0; i < terms.Length; i++)
        {
            DecisionRecord d = _logs[i];
            terms[i] = ModelValue(model, i) + (_weights[i] * (_rewards[i] - model.Predict(d.Features.Span, d.Action)));
        }

        return FromTerms("DR", terms, confidence);
    }

    /// <summary>Doubly robust with a per-action ridge model fitted on these logs (<see cref="RidgeRewardModel"/>).</summary>
    /// <param name="ridgeLambda">The ridge penalty, positive. The default is 1.</param>
    /// <param name="confidence">The interval's level, in (0, 1). The default is 0.95.</param>
    /// <returns>The estimate.</returns>
    public OffPolicyEstimate DoublyRobust(double ridgeLambda = 1.0, double confidence = 0.95)
        => DoublyRobust(RidgeRewardModel.Fit(Entries(), _actionCount, ridgeLambda), confidence);

    private DecisionLogEntry[] Entries()
    {
        var entries = new DecisionLogEntry[_logs.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = new DecisionLogEntry(_logs[i], _rewards[i], 1, IsClosed: true, IsDefaultReward: false);
        }

        return entries;
    }

    private double ModelValue(IRewardModel model, int i)
    {
        double sum = 0;
        double[] pi = _target[i];
        for (int a = 0; a < _actionCount; a++)
        {
            if (pi[a] > 0)
            {
                sum += pi[a] * model.Predict(_logs[i].Features.Span, a);
            }
        }

        return sum;
    }

    private OffPolicyEstimate FromTerms(string name, double[] terms, double confidence)
    {
        double mean = terms.Average();
        return Build(name, mean, StandardError(terms), confidence);
    }

    private static double StandardError(double[] terms)
    {
        (_, double variance) = Guard.MeanAndVariance(terms);
        return Math.Sqrt(variance / terms.Length);
    }

    private OffPolicyEstimate Build(string name, double value, double se, double confidence)
    {
        double half = Normal.InvCDF(0, 1, (1 + confidence) / 2) * se;
        return new OffPolicyEstimate(name, value, se, new ConfidenceInterval(value - half, value + half, confidence), _logs.Length);
    }
}
