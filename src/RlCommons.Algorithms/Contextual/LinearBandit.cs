using System.Globalization;
using RlCommons.Algorithms.Bandits;
using RlCommons.Policies;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Contextual;

/// <summary>
/// The base of the disjoint linear contextual bandits: each arm has its own ridge regression of reward on
/// the feature vector (<c>θ_a = A_a⁻¹ b_a</c>), updated online in O(d²) per reward (Sherman–Morrison), in
/// double precision, with a periodic exact refresh from A against rounding drift. The concrete bandits
/// differ only in how they turn the models into a choice. See <see cref="Bandit"/> for arms, thread safety,
/// reproducibility and bad input.
/// </summary>
/// <remarks>
/// Policy contract (<see cref="ILearningPolicy"/>): actions are the arm slots (<see cref="IPolicy.ActionCount"/> is
/// <see cref="Bandit.ArmSlotCount"/>; removed arms have probability 0), the features are the context
/// (<see cref="IPolicy.FeatureCount"/> is <see cref="Dimension"/>), <see cref="ILearningPolicy.Learn"/> is
/// <see cref="Update(int, ReadOnlySpan{float}, double)"/> (the propensity is not used), and action names are the arm
/// names. <see cref="IPolicy.Decide"/> is implemented explicitly because <see cref="Decide(ReadOnlySpan{float}, Span{double}, bool)"/>
/// has the same signature and fills scores, not probabilities.
/// </remarks>
public abstract class LinearBandit : Bandit, ILearningPolicy
{
    private readonly int _dimension;
    private readonly double _lambda;
    private readonly int _refreshInterval;
    private readonly bool _trackCholesky;
    private RidgeArm?[] _models = [];
    private double[] _scores = [];
    private double[] _means = [];
    private double[] _probabilityScores = [];

    // Scratch buffers, used under the lock only.
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _work;
    private readonly double[] _matrixWork;

    private protected LinearBandit(LinearBanditOptions? options, bool trackCholesky)
        : base(options)
    {
        // The base constructor has added the initial arms; their models need the dimension, known only now.
        _dimension = options!.Dimension;
        _lambda = options.Lambda;
        _refreshInterval = options.RefreshInterval;
        _trackCholesky = trackCholesky;
        _x = new double[_dimension];
        _y = new double[_dimension];
        _work = new double[_dimension];
        _matrixWork = new double[_dimension * _dimension];
        for (int slot = 0; slot < SlotCount; slot++)
        {
            _models[slot] = NewModel();
        }
    }

    /// <summary>The length of the feature vectors.</summary>
    public int Dimension => _dimension;

    /// <summary>Chooses an arm for the context described by <paramref name="features"/>. Allocation-free.</summary>
    /// <param name="features">Exactly <see cref="Dimension"/> finite values.</param>
    /// <param name="explore"><see langword="true"/> to follow the exploring policy; <see langword="false"/> for the greedy choice (highest θᵀx, ties broken at random).</param>
    /// <returns>The decision, with the chosen arm's index and propensity.</returns>
    /// <exception cref="ArgumentException">The features have the wrong length or a non-finite value.</exception>
    /// <exception cref="InvalidOperationException">The bandit has no active arm.</exception>
    public Decision Decide(ReadOnlySpan<float> features, bool explore = true) => Decide(features, Span<double>.Empty, explore);

    /// <summary>Chooses an arm and writes every arm's score into <paramref name="scores"/>. Allocation-free.</summary>
    /// <param name="features">Exactly <see cref="Dimension"/> finite values.</param>
    /// <param name="scores">Empty, or at least <see cref="Bandit.ArmSlotCount"/> long: <c>scores[i]</c> receives arm <c>i</c>'s score (NaN for removed arms).</param>
    /// <param name="explore"><see langword="true"/> to follow the exploring policy; <see langword="false"/> for the greedy choice.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException">The features are invalid or <paramref name="scores"/> is too short.</exception>
    /// <exception cref="InvalidOperationException">The bandit has no active arm.</exception>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> scores, bool explore = true)
        => Decide(features, scores, Span<double>.Empty, explore);

    /// <summary>
    /// Writes the probability with which a decision for <paramref name="features"/> would choose each arm:
    /// <c>probabilities[i]</c> for arm slot <c>i</c>, 0 for removed arms. Uses no randomness and changes no counter. Exact
    /// for LinUCB and linear ε-greedy; a numerical integral for linear Thompson sampling (see its remarks).
    /// </summary>
    /// <param name="features">Exactly <see cref="Dimension"/> finite values.</param>
    /// <param name="probabilities">At least <see cref="Bandit.ArmSlotCount"/> long; entries past it are left unchanged.</param>
    /// <param name="explore"><see langword="true"/> for the exploring policy; <see langword="false"/> for the greedy one (uniform over the tied best arms).</param>
    /// <exception cref="ArgumentException">The features are invalid or <paramref name="probabilities"/> is too short.</exception>
    /// <exception cref="InvalidOperationException">The bandit has no active arm.</exception>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        ValidateFeatures(features, nameof(features));
        lock (Gate)
        {
            RequireProbabilitiesCapacity(probabilities.Length, allowEmpty: false, nameof(probabilities));
            RequireActiveArmExists();
            CopyFeatures(features);
            WriteProbabilities(probabilities, explore);
        }
    }

    /// <inheritdoc />
    int IPolicy.ActionCount => ArmSlotCount;

    /// <inheritdoc />
    int IPolicy.FeatureCount => _dimension;

    /// <inheritdoc />
    Decision IPolicy.Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore) => Decide(features, Span<double>.Empty, probabilities, explore);

    /// <inheritdoc />
    string IPolicy.GetActionName(int action) => GetArmName(action);

    /// <inheritdoc />
    void ILearningPolicy.Learn(ReadOnlySpan<float> features, int action, double reward, double propensity) => Update(action, features, reward);

    /// <summary>Learns <paramref name="reward"/> for arm <paramref name="arm"/> in the context <paramref name="features"/>. Allocation-free.</summary>
    /// <param name="arm">The arm's index.</param>
    /// <param name="features">The features the decision was made with; exactly <see cref="Dimension"/> finite values.</param>
    /// <param name="reward">The observed reward; finite.</param>
    /// <exception cref="ArgumentException">The arm is unknown or removed, or the features or reward are invalid; nothing changes.</exception>
    public void Update(int arm, ReadOnlySpan<float> features, double reward)
    {
        ValidateFeatures(features, nameof(features));
        ValidateReward(reward, nameof(reward));
        lock (Gate)
        {
            RequireActiveArm(arm, nameof(arm));
            Apply(arm, features, reward);
        }
    }

    /// <summary>Learns <paramref name="reward"/> for the arm called <paramref name="arm"/>.</summary>
    /// <param name="arm">The arm's name.</param>
    /// <param name="features">The features the decision was made with.</param>
    /// <param name="reward">The observed reward; finite.</param>
    /// <exception cref="ArgumentException">The arm is unknown, or the features or reward are invalid; nothing changes.</exception>
    public void Update(string arm, ReadOnlySpan<float> features, double reward)
    {
        ValidateFeatures(features, nameof(features));
        ValidateReward(reward, nameof(reward));
        lock (Gate)
        {
            Apply(RequireActiveArm(arm, nameof(arm)), features, reward);
        }
    }

    /// <summary>
    /// Learns a batch under one lock acquisition: row <c>i</c> of <paramref name="features"/> (row-major, <see cref="Dimension"/>
    /// values a row) is the context of reward <c>i</c> for arm <c>arms[i]</c>. The whole batch is validated first: if any
    /// entry is invalid, nothing is applied.
    /// </summary>
    /// <param name="arms">The arm indices.</param>
    /// <param name="features">The contexts, <c>arms.Length × Dimension</c> values.</param>
    /// <param name="rewards">The rewards.</param>
    /// <exception cref="ArgumentException">The lengths disagree, or an entry is invalid (the message gives its position).</exception>
    public void Update(ReadOnlySpan<int> arms, ReadOnlySpan<float> features, ReadOnlySpan<double> rewards)
    {
        if (arms.Length != rewards.Length || features.Length != arms.Length * _dimension)
        {
            throw new ArgumentException(
                $"Expected {arms.Length} rewards and {arms.Length}×{_dimension} feature values for {arms.Length} arms, got {rewards.Length} and {features.Length}.",
                nameof(features));
        }

        for (int i = 0; i < arms.Length; i++)
        {
            ValidateFeatures(features.Slice(i * _dimension, _dimension), $"{nameof(features)}[row {i}]");
            ValidateReward(rewards[i], $"{nameof(rewards)}[{i}]");
        }

        lock (Gate)
        {
            for (int i = 0; i < arms.Length; i++)
            {
                RequireActiveArm(arms[i], $"{nameof(arms)}[{i}]");
            }

            for (int i = 0; i < arms.Length; i++)
            {
                Apply(arms[i], features.Slice(i * _dimension, _dimension), rewards[i]);
            }
        }
    }

    /// <summary>Returns arm <paramref name="arm"/>'s predicted reward θᵀx for <paramref name="features"/>.</summary>
    /// <param name="arm">An active arm's index.</param>
    /// <param name="features">Exactly <see cref="Dimension"/> finite values.</param>
    /// <returns>The ridge-regression prediction.</returns>
    public double Predict(int arm, ReadOnlySpan<float> features)
    {
        ValidateFeatures(features, nameof(features));
        lock (Gate)
        {
            RequireActiveArm(arm, nameof(arm));
            for (int i = 0; i < _dimension; i++)
            {
                _x[i] = features[i];
            }

            return Internal.DenseKernels.Dot(_x, _models[arm]!.Theta);
        }
    }

    /// <summary>Copies arm <paramref name="arm"/>'s coefficients θ = A⁻¹b into <paramref name="destination"/>.</summary>
    /// <param name="arm">An active arm's index.</param>
    /// <param name="destination">Exactly <see cref="Dimension"/> values.</param>
    public void GetCoefficients(int arm, Span<double> destination)
    {
        if (destination.Length != _dimension)
        {
            throw new ArgumentException($"The destination needs {_dimension} values, it has {destination.Length}.", nameof(destination));
        }

        lock (Gate)
        {
            RequireActiveArm(arm, nameof(arm));
            _models[arm]!.Theta.CopyTo(destination);
        }
    }

    /// <summary>
    /// Writes each active arm's probability of being chosen for features <paramref name="x"/> into
    /// <paramref name="probabilities"/> (the caller has zeroed it), from the same state <see cref="Choose"/> reads;
    /// <paramref name="scores"/> is scratch.
    /// </summary>
    private protected abstract void FillProbabilities(ReadOnlySpan<int> active, ReadOnlySpan<double> x, Span<double> scores, Span<double> probabilities, bool explore);

    /// <summary>Chooses among <paramref name="active"/> arms for features <paramref name="x"/>, writing each active arm's score.</summary>
    private protected abstract int Choose(ReadOnlySpan<int> active, ReadOnlySpan<double> x, Span<double> scores, Random random, bool explore, out double propensity, out bool explored);

    /// <summary>The model of arm <paramref name="slot"/> (callers hold the lock).</summary>
    private protected RidgeArm ModelOf(int slot) => _models[slot]!;

    /// <summary>A per-arm scratch buffer for <see cref="Choose"/>, indexed by arm (callers hold the lock).</summary>
    private protected Span<double> ArmScratch => _means;

    private protected sealed override void Resize(int capacity)
    {
        Array.Resize(ref _models, capacity);
        Array.Resize(ref _scores, capacity);
        Array.Resize(ref _means, capacity);
        Array.Resize(ref _probabilityScores, capacity);
    }

    private protected sealed override void InitializeArm(int slot, ReadOnlySpan<int> activeBefore)
    {
        // During the base constructor the dimension is not known yet; the constructor creates those models.
        if (_dimension > 0)
        {
            _models[slot] = NewModel();
        }
    }

    private protected sealed override void WriteState(SnapshotWriter writer, int slots)
    {
        writer.WriteInt32(_dimension);
        for (int slot = 0; slot < slots; slot++)
        {
            _models[slot]!.Write(writer);
        }
    }

    private protected sealed override Action ReadState(SnapshotReader reader, int slots)
    {
        int dimension = reader.ReadInt32();
        if (dimension != _dimension)
        {
            throw new SnapshotException($"The snapshot's models have dimension {dimension}, this bandit's {_dimension}.");
        }

        var models = new RidgeArm?[slots];
        for (int slot = 0; slot < slots; slot++)
        {
            models[slot] = RidgeArm.Read(reader, dimension, _trackCholesky);
        }

        return () =>
        {
            _models = models;
            _scores = new double[slots];
            _means = new double[slots];
            _probabilityScores = new double[slots];
        };
    }

    /// <summary>
    /// Replaces every active arm's model with the model of the arm of the same name in <paramref name="models"/>
    /// (rebuilt for this bandit's layout); counters, seed and arms stay. The caller has checked that the arms and the dimension match.
    /// </summary>
    internal void ReplaceModels(IReadOnlyDictionary<string, RidgeArm> models)
    {
        lock (Gate)
        {
            var replaced = new RidgeArm[SlotCount];
            foreach (int slot in ActiveArms)
            {
                replaced[slot] = models[GetArmName(slot)].Rebuild(_trackCholesky);
            }

            foreach (int slot in ActiveArms)
            {
                _models[slot] = replaced[slot];
            }
        }
    }

    /// <summary>Decides; fills <paramref name="probabilities"/> (when not empty) in the same lock, before the decision is counted.</summary>
    private Decision Decide(ReadOnlySpan<float> features, Span<double> scores, Span<double> probabilities, bool explore)
    {
        ValidateFeatures(features, nameof(features));
        lock (Gate)
        {
            RequireScoresCapacity(scores.Length, nameof(scores));
            RequireProbabilitiesCapacity(probabilities.Length, allowEmpty: true, nameof(probabilities));

            Random random = BeginDecision(out long sequence, out ulong seed);
            CopyFeatures(features);
            ReadOnlySpan<int> active = ActiveArms;
            Span<double> all = _scores.AsSpan(0, SlotCount);
            int arm = Choose(active, _x, all, random, explore, out double propensity, out bool explored);
            if (!probabilities.IsEmpty)
            {
                WriteProbabilities(probabilities, explore);
            }

            return CompleteDecision(arm, propensity, explored, sequence, seed, all, scores);
        }
    }

    /// <summary>Zeroes the first <see cref="Bandit.ArmSlotCount"/> entries and writes the active arms' probabilities for the copied features (callers hold the lock).</summary>
    private void WriteProbabilities(Span<double> probabilities, bool explore)
    {
        Span<double> destination = probabilities[..SlotCount];
        destination.Clear();
        FillProbabilities(ActiveArms, _x, _probabilityScores.AsSpan(0, SlotCount), destination, explore);
    }

    private void CopyFeatures(ReadOnlySpan<float> features)
    {
        for (int i = 0; i < _dimension; i++)
        {
            _x[i] = features[i];
        }
    }

    private void Apply(int arm, ReadOnlySpan<float> features, double reward)
    {
        for (int i = 0; i < _dimension; i++)
        {
            _x[i] = features[i];
        }

        _models[arm]!.Learn(_x, reward, _refreshInterval, _y, _work, _matrixWork);
        CountUpdate();
    }

    private RidgeArm NewModel() => new(_dimension, _lambda, _trackCholesky);

    private void ValidateFeatures(ReadOnlySpan<float> features, string paramName)
    {
        if (features.Length != _dimension)
        {
            throw new ArgumentException($"{paramName} must have {_dimension} values (Dimension), it has {features.Length}.", paramName);
        }

        NumericDomain.RequireFeatures(features, paramName);
    }

    private static void ValidateReward(double reward, string paramName)
    {
        NumericDomain.RequireReward(reward, paramName);
    }
}
