using System.Globalization;
using RlCommons.Algorithms.Contextual;
using RlCommons.Decisions;

namespace RlCommons.Algorithms.Offline;

/// <summary>
/// A contextual bandit trained from logged decisions (context x, action a, propensity p, reward r) instead of live
/// exploration, the way Vowpal Wabbit's <c>--cb</c> reduces it to regression (Dudík, Langford &amp; Li 2011): each
/// logged row becomes a reward estimate for every arm (see <see cref="OfflineEstimator"/>), and each arm's ridge
/// regression in <see cref="Policy"/> learns its estimate. The greedy policy picks the arm with the highest prediction.
/// </summary>
/// <remarks>
/// <para>
/// Doubly robust rows also train a reward model r̂(x, a), a separate per-arm ridge regression on the logged arm's
/// reward only. A row's estimate never uses a model that has seen that row: a single row (<see cref="Learn(ReadOnlySpan{float}, int, double, double)"/>)
/// uses the model as it was before it (VW's progressive order); a batch (<see cref="Learn(IEnumerable{DecisionLogEntry})"/>)
/// is cross-fitted, each row's estimate coming from a model fitted on the batch's other folds
/// (<see cref="OfflineBanditOptions.CrossFitFolds"/>). Either way the reward model then learns the rows.
/// </para>
/// <para>
/// Propensities below <see cref="OfflineBanditOptions.PropensityFloor"/> are weighted with the floor and counted in
/// <see cref="Report"/>; they are never dropped or replaced silently.
/// </para>
/// <para>
/// Thread safety: every public member is safe to call from many threads at once; rows are learned one at a time
/// under one lock, so concurrent training gives the result of some serial order.
/// </para>
/// <para>
/// Bad input (features of the wrong length or not finite, an action outside 0..K−1, a propensity outside (0, 1] or NaN,
/// a reward that is not finite) throws an <see cref="ArgumentException"/> naming the parameter and changes nothing.
/// </para>
/// </remarks>
public sealed class OfflineContextualBandit
{
    private readonly Lock _gate = new();
    private readonly double _epsilon;
    private readonly TimeProvider _timeProvider;
    private readonly double[] _lambdaCandidates;
    private LinearEpsilonGreedyBandit _policy;
    private LinearEpsilonGreedyBandit? _rewardModel;
    private readonly int _armCount;
    private readonly int _dimension;
    private readonly double _floor;
    private readonly OfflineEstimator _estimator;
    private double _policyLambda;
    private double _rewardLambda;
    private readonly int _folds;

    // One batch of K policy updates per row, built in these buffers under the lock.
    private readonly int[] _arms;
    private readonly float[] _rows;
    private readonly double[] _targets;

    private long _learned;
    private long _clipped;
    private double _minimumPropensity = 1.0;

    /// <summary>Creates an untrained learner.</summary>
    /// <param name="options">The options; validated and copied here.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public OfflineContextualBandit(OfflineBanditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _armCount = options.ArmCount;
        _dimension = options.Dimension;
        _floor = options.PropensityFloor;
        _estimator = options.Estimator;
        _epsilon = options.Epsilon;
        _timeProvider = options.TimeProvider;
        _lambdaCandidates = [.. options.LambdaCandidates];
        _policyLambda = options.Lambda;
        _rewardLambda = options.Lambda;
        _policy = NewPolicy(options.Seed, options.Random);
        _folds = options.CrossFitFolds;
        _rewardModel = _estimator == OfflineEstimator.DoublyRobust ? NewRewardModel() : null;

        _arms = new int[_armCount];
        for (int a = 0; a < _armCount; a++)
        {
            _arms[a] = a;
        }

        _rows = new float[_armCount * _dimension];
        _targets = new double[_armCount];
    }

    /// <summary>
    /// The learned policy: a <see cref="LinearEpsilonGreedyBandit"/> whose arm <c>a</c> predicts the estimated reward
    /// of <c>a</c>. Decide with <c>explore: false</c> for the greedy policy; snapshot it to deploy it or to warm-start
    /// another linear bandit (<see cref="LinearBanditWarmStart"/>). Updating it directly bypasses the estimator.
    /// </summary>
    /// <remarks>With <see cref="OfflineBanditOptions.LambdaCandidates"/>, the first batch replaces it with a policy of the chosen λ (same seed).</remarks>
    public LinearEpsilonGreedyBandit Policy
    {
        get
        {
            lock (_gate)
            {
                return _policy;
            }
        }
    }

    /// <summary>The ridge λ of the policy's regressions: <see cref="OfflineBanditOptions.Lambda"/>, or the cross-validated choice.</summary>
    public double PolicyLambda
    {
        get
        {
            lock (_gate)
            {
                return _policyLambda;
            }
        }
    }

    /// <summary>The ridge λ of the doubly robust reward model: <see cref="OfflineBanditOptions.Lambda"/>, or the cross-validated choice.</summary>
    public double RewardModelLambda
    {
        get
        {
            lock (_gate)
            {
                return _rewardLambda;
            }
        }
    }

    /// <summary>The estimator in use.</summary>
    public OfflineEstimator Estimator => _estimator;

    /// <summary>The number of arms K.</summary>
    public int ArmCount => _armCount;

    /// <summary>The length of the feature vectors.</summary>
    public int Dimension => _dimension;

    /// <summary>The rows learned so far and how many propensities were clipped.</summary>
    public OfflineBanditReport Report
    {
        get
        {
            lock (_gate)
            {
                return new OfflineBanditReport(_learned, _clipped, _minimumPropensity, _floor);
            }
        }
    }

    /// <summary>Learns one logged decision. Allocation-free.</summary>
    /// <param name="features">The context; exactly <see cref="Dimension"/> values, each within ±1e15.</param>
    /// <param name="action">The logged arm, 0 to <see cref="ArmCount"/> − 1.</param>
    /// <param name="propensity">The logging policy's probability of <paramref name="action"/>, in (0, 1].</param>
    /// <param name="reward">The observed reward; within ±1e15 × <see cref="OfflineBanditOptions.PropensityFloor"/>, so that the
    /// importance-weighted target r / p̃ stays within ±1e15 and the learned state stays finite (and can be saved).</param>
    /// <exception cref="ArgumentException">An argument is invalid (the exception names it); nothing changes.</exception>
    public void Learn(ReadOnlySpan<float> features, int action, double propensity, double reward)
    {
        Validate(features, action, propensity, reward, nameof(features), nameof(action), nameof(propensity), nameof(reward));
        lock (_gate)
        {
            Apply(features, action, propensity, reward, _rewardModel);
        }
    }

    /// <summary>Learns one logged decision with its reward (from a decision log, or <see cref="DecisionLogEntry.FromHistory"/>).</summary>
    /// <param name="decision">The logged decision; it must have a reward.</param>
    /// <exception cref="ArgumentException">A field is invalid or the reward is missing (the exception names it); nothing changes.</exception>
    public void Learn(DecisionLogEntry decision)
    {
        Row row = Row.From(decision, nameof(decision));
        Learn(row.Features.Span, row.Action, row.Propensity, row.Reward);
    }

    /// <summary>Learns logged decisions in order. The whole log is validated first: if any row is invalid, nothing is learned.</summary>
    /// <param name="log">The logged decisions.</param>
    /// <returns>The report after learning.</returns>
    /// <exception cref="ArgumentException">A row is invalid; the message gives its position and the field. (A doubly robust
    /// target outside ±1e15, which depends on the reward model learned so far, is found only when its row is reached: that
    /// row and the rows after it are not learned.)</exception>
    public OfflineBanditReport Learn(IEnumerable<DecisionLogEntry> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        DecisionLogEntry[] entries = [.. log];
        var rows = new Row[entries.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            string at = $"{nameof(log)}[{i}]";
            Row row = Row.From(entries[i], at);
            Validate(row.Features.Span, row.Action, row.Propensity, row.Reward, at + ".Features", at + ".Action", at + ".Propensity", at + ".Reward");
            rows[i] = row;
        }

        lock (_gate)
        {
            if (_lambdaCandidates.Length > 0 && _learned == 0 && rows.Length >= _folds)
            {
                ChooseLambdas(rows);
            }

            LinearEpsilonGreedyBandit[]? folds = _rewardModel is not null && _folds >= 2 && rows.Length >= _folds ? FitFolds(rows) : null;
            for (int i = 0; i < rows.Length; i++)
            {
                Row row = rows[i];
                Apply(row.Features.Span, row.Action, row.Propensity, row.Reward, folds is null ? _rewardModel : folds[i % _folds]);
            }

            return new OfflineBanditReport(_learned, _clipped, _minimumPropensity, _floor);
        }
    }

    /// <summary>The greedy policy's arm for <paramref name="features"/>: the highest predicted reward, ties broken by the policy's seeded randomness.</summary>
    /// <param name="features">Exactly <see cref="Dimension"/> finite values.</param>
    /// <returns>The arm index.</returns>
    /// <exception cref="ArgumentException">The features are invalid.</exception>
    public int ChooseGreedy(ReadOnlySpan<float> features) => Policy.Decide(features, explore: false).Action;

    /// <summary>
    /// The per-arm regression targets of one row (VW's cost-sensitive example, in rewards):
    /// <code>
    /// IPS:  ŷ_k = 1{k = a} · r / p̃
    /// DR:   ŷ_k = r̂(x, k) + 1{k = a} · (r − r̂(x, a)) / p̃          with p̃ = max(p, floor)
    /// </code>
    /// then every arm's ridge regression learns (x, ŷ_k), and DR's reward model learns (x, r) for arm a.
    /// </summary>
    private void Apply(ReadOnlySpan<float> features, int action, double propensity, double reward, LinearEpsilonGreedyBandit? model)
    {
        double clipped = Math.Max(propensity, _floor);
        for (int k = 0; k < _armCount; k++)
        {
            features.CopyTo(_rows.AsSpan(k * _dimension, _dimension));
            double baseline = model?.Predict(k, features) ?? 0.0;
            _targets[k] = k == action ? baseline + ((reward - baseline) / clipped) : baseline;
            if (!NumericDomain.IsReward(_targets[k]))
            {
                // DR's baseline r̂ can extrapolate; refuse before anything changes rather than poison the policy.
                throw new ArgumentOutOfRangeException(nameof(reward), reward, string.Create(CultureInfo.InvariantCulture,
                    $"The regression target for arm {k} would be {_targets[k]}, outside ±{NumericDomain.RewardLimit:E0}; rescale the rewards or features."));
            }
        }

        if (propensity < _floor)
        {
            _clipped++;
        }

        _minimumPropensity = Math.Min(_minimumPropensity, propensity);

        _policy.Update(_arms, _rows, _targets);
        _rewardModel?.Update(action, features, reward);
        _learned++;
    }

    /// <summary>
    /// Cross-validated λ on the batch's folds (row i in fold i mod F): first the reward model's, by the held-out
    /// squared error of r̂(x, a) against r on each arm's logged rows; then the policy's, by the held-out squared error
    /// of its predictions against the per-arm estimates ŷ_k that it will learn (DR's from the cross-fitted reward model
    /// of the chosen λ). E[ŷ_k | x] = r(x, k), so the second error is the error against the true rewards plus a
    /// constant noise term: the smallest one picks the λ that predicts the rewards best.
    /// </summary>
    private void ChooseLambdas(Row[] rows)
    {
        ReadOnlyMemory<float>[] features = [.. rows.Select(r => r.Features)];
        var errors = new double[_lambdaCandidates.Length];
        if (_rewardModel is not null)
        {
            double[] rewards = [.. rows.Select(r => r.Reward)];
            for (int arm = 0; arm < _armCount; arm++)
            {
                int k = arm;
                RidgeCrossValidation.AddHeldOutErrors(features, rewards, 1, _dimension, _folds, _lambdaCandidates, i => rows[i].Action == k, errors);
            }

            _rewardLambda = _lambdaCandidates[RidgeCrossValidation.ArgMin(errors)];
            _rewardModel = NewRewardModel();
            errors.AsSpan().Clear();
        }

        LinearEpsilonGreedyBandit[]? folds = _rewardModel is not null ? FitFolds(rows) : null;
        var targets = new double[rows.Length * _armCount];
        for (int i = 0; i < rows.Length; i++)
        {
            Row row = rows[i];
            double clipped = Math.Max(row.Propensity, _floor);
            for (int k = 0; k < _armCount; k++)
            {
                double baseline = folds?[i % _folds].Predict(k, row.Features.Span) ?? 0.0;
                targets[(i * _armCount) + k] = k == row.Action ? baseline + ((row.Reward - baseline) / clipped) : baseline;
            }
        }

        RidgeCrossValidation.AddHeldOutErrors(features, targets, _armCount, _dimension, _folds, _lambdaCandidates, null, errors);
        _policyLambda = _lambdaCandidates[RidgeCrossValidation.ArgMin(errors)];
        _policy = NewPolicy(unchecked((long)_policy.Seed), null);
    }

    private LinearEpsilonGreedyBandit NewPolicy(long? seed, Random? random) => new(new LinearEpsilonGreedyOptions
    {
        ArmCount = _armCount,
        Dimension = _dimension,
        Lambda = _policyLambda,
        Epsilon = _epsilon,
        Seed = seed,
        Random = random,
        TimeProvider = _timeProvider,
    });

    /// <summary>Reward models for cross-fitting: model f has learned every row of the batch except those of fold f (row i is in fold i mod F).</summary>
    private LinearEpsilonGreedyBandit[] FitFolds(Row[] rows)
    {
        var folds = new LinearEpsilonGreedyBandit[_folds];
        for (int f = 0; f < _folds; f++)
        {
            folds[f] = NewRewardModel();
        }

        for (int i = 0; i < rows.Length; i++)
        {
            for (int f = 0; f < _folds; f++)
            {
                if (f != i % _folds)
                {
                    folds[f].Update(rows[i].Action, rows[i].Features.Span, rows[i].Reward);
                }
            }
        }

        return folds;
    }

    private LinearEpsilonGreedyBandit NewRewardModel() => new(new LinearEpsilonGreedyOptions
    {
        // The reward model never decides; its seed does not matter.
        ArmCount = _armCount,
        Dimension = _dimension,
        Lambda = _rewardLambda,
        Epsilon = 0,
        Seed = 0,
    });

    private void Validate(ReadOnlySpan<float> features, int action, double propensity, double reward, string featuresName, string actionName, string propensityName, string rewardName)
    {
        if (features.Length != _dimension)
        {
            throw new ArgumentException($"{featuresName} must have {_dimension} values (Dimension), it has {features.Length}.", featuresName);
        }

        NumericDomain.RequireFeatures(features, featuresName);

        if ((uint)action >= (uint)_armCount)
        {
            throw new ArgumentOutOfRangeException(actionName, action, $"{actionName} must be an arm index from 0 to {_armCount - 1}, was {action}.");
        }

        if (!(propensity > 0 && propensity <= 1))
        {
            throw new ArgumentOutOfRangeException(propensityName, propensity, string.Create(CultureInfo.InvariantCulture, $"{propensityName} must be in (0, 1], was {propensity}."));
        }

        // r / p̃ is what the policy learns (IPS); bounding r by the floor keeps it inside the domain, so state stays finite.
        double limit = NumericDomain.RewardLimit * _floor;
        if (!(reward >= -limit && reward <= limit))
        {
            throw new ArgumentOutOfRangeException(rewardName, reward, string.Create(CultureInfo.InvariantCulture,
                $"{rewardName} must be finite and within ±{limit:G3} (±1e15 × PropensityFloor, so that reward / propensity stays within ±1e15), was {reward}."));
        }
    }

    /// <summary>The fields of a rewarded log entry that the learner reads.</summary>
    private readonly record struct Row(ReadOnlyMemory<float> Features, int Action, double Propensity, double Reward)
    {
        public static Row From(DecisionLogEntry? entry, string paramName)
        {
            if (entry is null)
            {
                throw new ArgumentNullException(paramName, $"{paramName} is null.");
            }

            if (entry.Reward is not { } reward)
            {
                throw new ArgumentException($"{paramName} (event {entry.Decision.EventId}) has no reward yet; learn from rewarded decisions only (IDecisionLog.ReadRewarded).", paramName);
            }

            return new Row(entry.Decision.Features, entry.Decision.Action, entry.Decision.Propensity, reward);
        }
    }
}
