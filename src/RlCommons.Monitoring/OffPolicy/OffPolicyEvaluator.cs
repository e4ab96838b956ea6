using MathNet.Numerics.Distributions;
using RlCommons.Monitoring.Statistics;

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
    private readonly IReadOnlyList<LoggedDecision> _logs;
    private readonly int _actionCount;
    private readonly double[][] _target;
    private readonly double[] _weights;

    /// <summary>Prepares the evaluation of <paramref name="target"/> on <paramref name="logs"/>.</summary>
    /// <param name="logs">The logged decisions (at least 2), all with the same context length, propensities in (0, 1] and finite rewards.</param>
    /// <param name="actionCount">The number of actions, at least 1.</param>
    /// <param name="target">The target policy; its probabilities over all actions must sum to 1 (within 1e-9) for every logged context.</param>
    /// <exception cref="ArgumentException">The logs or the target policy's probabilities are invalid.</exception>
    public OffPolicyEvaluator(IReadOnlyList<LoggedDecision> logs, int actionCount, TargetPolicy target)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        LogValidation.Check(logs, actionCount, nameof(logs));
        if (logs.Count < 2)
        {
            throw new ArgumentException("At least two logged decisions are required for a standard error.", nameof(logs));
        }

        _logs = [.. logs];
        _actionCount = actionCount;
        _target = new double[_logs.Count][];
        _weights = new double[_logs.Count];
        for (int i = 0; i < _logs.Count; i++)
        {
            var probabilities = new double[actionCount];
            double sum = 0;
            for (int a = 0; a < actionCount; a++)
            {
                double p = target(_logs[i].Context, a);
                if (!(p >= 0 && p <= 1))
                {
                    throw new ArgumentException($"The target policy gave probability {p} to action {a} in logged context {i}; it must be in [0, 1].", nameof(target));
                }

                probabilities[a] = p;
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

    /// <summary>The number of logged decisions.</summary>
    public int Samples => _logs.Count;

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
        var terms = new double[_logs.Count];
        for (int i = 0; i < terms.Length; i++)
        {
            double w = weightClip is { } clip ? Math.Min(_weights[i], clip) : _weights[i];
            terms[i] = w * _logs[i].Reward;
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
        for (int i = 0; i < _logs.Count; i++)
        {
            weighted += _weights[i] * _logs[i].Reward;
            total += _weights[i];
        }

        if (total == 0)
        {
            throw new InvalidOperationException("Every importance weight is 0: the target policy never takes a logged action, so SNIPS is undefined.");
        }

        double value = weighted / total;
        double meanWeight = total / _logs.Count;
        var terms = new double[_logs.Count];
        for (int i = 0; i < terms.Length; i++)
        {
            terms[i] = _weights[i] * (_logs[i].Reward - value) / meanWeight;
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
        var terms = new double[_logs.Count];
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
        => DirectMethod(RidgeRewardModel.Fit(_logs, _actionCount, ridgeLambda), confidence);

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
        var terms = new double[_logs.Count];
        for (int i = 0; i < terms.Length; i++)
        {
            LoggedDecision d = _logs[i];
            terms[i] = ModelValue(model, i) + (_weights[i] * (d.Reward - model.Predict(d.Context, d.Action)));
        }

        return FromTerms("DR", terms, confidence);
    }

    /// <summary>Doubly robust with a per-action ridge model fitted on these logs (<see cref="RidgeRewardModel"/>).</summary>
    /// <param name="ridgeLambda">The ridge penalty, positive. The default is 1.</param>
    /// <param name="confidence">The interval's level, in (0, 1). The default is 0.95.</param>
    /// <returns>The estimate.</returns>
    public OffPolicyEstimate DoublyRobust(double ridgeLambda = 1.0, double confidence = 0.95)
        => DoublyRobust(RidgeRewardModel.Fit(_logs, _actionCount, ridgeLambda), confidence);

    private double ModelValue(IRewardModel model, int i)
    {
        double sum = 0;
        double[] pi = _target[i];
        for (int a = 0; a < _actionCount; a++)
        {
            if (pi[a] > 0)
            {
                sum += pi[a] * model.Predict(_logs[i].Context, a);
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
        return new OffPolicyEstimate(name, value, se, new ConfidenceInterval(value - half, value + half, confidence), _logs.Count);
    }
}
