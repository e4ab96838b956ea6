namespace RlCommons.Buffers;

/// <summary>
/// The on-policy rollout storage of A2C and PPO (SB3's <c>RolloutBuffer</c>): <c>steps × environments</c>
/// transitions from a vector environment, then generalized advantage estimates (Schulman et al. 2016) computed
/// backwards over the rollout by <see cref="ComputeReturnsAndAdvantages"/>.
/// </summary>
/// <remarks>
/// <para>
/// Row <c>t·environments + e</c> holds step <c>t</c> of environment <c>e</c>. Each row stores the observation,
/// the action (a discrete action is stored as its index in one float), the reward, whether the observation is the
/// first of an episode, the value estimate V(s), the log-probability of the action, and optionally the action mask.
/// </para>
/// <para>
/// GAE: δₜ = rₜ + γ·V(sₜ₊₁)·(1 − startₜ₊₁) − V(sₜ) and Âₜ = δₜ + γλ·(1 − startₜ₊₁)·Âₜ₊₁, with the caller's last values
/// and dones for the step after the rollout; the returns are Âₜ + V(sₜ) (the value targets).
/// </para>
/// <para>
/// Truncated episodes (time limits): the episode did not reach a terminal state, yet the next row starts a new
/// episode, so the recursion above treats it as terminal. As SB3 does, the caller fixes this by adding
/// γ·V(final observation) to the reward of the truncated step before <see cref="Add"/>, which restores the
/// bootstrap term that the cut removed.
/// </para>
/// <para>Allocation-free after construction. Not thread-safe.</para>
/// </remarks>
public sealed class RolloutBuffer
{
    private readonly float[] _observations;
    private readonly float[] _actions;
    private readonly bool[] _masks;
    private readonly float[] _rewards;
    private readonly bool[] _episodeStarts;
    private readonly float[] _values;
    private readonly float[] _logProbabilities;
    private readonly float[] _advantages;
    private readonly float[] _returns;
    private int _steps;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="steps">Steps per environment in a rollout (SB3's <c>n_steps</c>); at least 1.</param>
    /// <param name="environments">The number of parallel environments; at least 1.</param>
    /// <param name="observationDimension">The observation length; at least 1.</param>
    /// <param name="actionDimension">The action length; 1 for a discrete action.</param>
    /// <param name="maskLength">The action-mask length per row (the action count), or 0 to store no masks.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public RolloutBuffer(int steps, int environments, int observationDimension, int actionDimension, int maskLength = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(environments, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionDimension, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maskLength);
        Steps = steps;
        Environments = environments;
        ObservationDimension = observationDimension;
        ActionDimension = actionDimension;
        MaskLength = maskLength;
        int rows = checked(steps * environments);
        _observations = new float[checked(rows * observationDimension)];
        _actions = new float[checked(rows * actionDimension)];
        _masks = new bool[checked(rows * maskLength)];
        _rewards = new float[rows];
        _episodeStarts = new bool[rows];
        _values = new float[rows];
        _logProbabilities = new float[rows];
        _advantages = new float[rows];
        _returns = new float[rows];
    }

    /// <summary>Steps per environment in a full rollout.</summary>
    public int Steps { get; }

    /// <summary>The number of parallel environments.</summary>
    public int Environments { get; }

    /// <summary>The observation length.</summary>
    public int ObservationDimension { get; }

    /// <summary>The action length (1 for discrete actions).</summary>
    public int ActionDimension { get; }

    /// <summary>The action-mask length per row, 0 when masks are not stored.</summary>
    public int MaskLength { get; }

    /// <summary>The rows stored so far: steps added × <see cref="Environments"/>.</summary>
    public int Count => _steps * Environments;

    /// <summary>Whether all <see cref="Steps"/> steps have been added.</summary>
    public bool IsFull => _steps == Steps;

    /// <summary>The stored observations, row-major.</summary>
    public ReadOnlySpan<float> Observations => _observations.AsSpan(0, Count * ObservationDimension);

    /// <summary>The stored actions, row-major.</summary>
    public ReadOnlySpan<float> Actions => _actions.AsSpan(0, Count * ActionDimension);

    /// <summary>The stored action masks, row-major (empty when <see cref="MaskLength"/> is 0).</summary>
    public ReadOnlySpan<bool> ActionMasks => _masks.AsSpan(0, Count * MaskLength);

    /// <summary>The stored rewards (truncated steps include the γ·V bootstrap the caller added).</summary>
    public ReadOnlySpan<float> Rewards => _rewards.AsSpan(0, Count);

    /// <summary>Whether each row's observation is the first of an episode.</summary>
    public ReadOnlySpan<bool> EpisodeStarts => _episodeStarts.AsSpan(0, Count);

    /// <summary>The value estimates V(s) recorded with each row.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count);

    /// <summary>The log-probabilities of the actions under the policy that chose them.</summary>
    public ReadOnlySpan<float> LogProbabilities => _logProbabilities.AsSpan(0, Count);

    /// <summary>The GAE advantages (valid after <see cref="ComputeReturnsAndAdvantages"/>).</summary>
    public ReadOnlySpan<float> Advantages => _advantages.AsSpan(0, Count);

    /// <summary>The value targets Â + V (valid after <see cref="ComputeReturnsAndAdvantages"/>).</summary>
    public ReadOnlySpan<float> Returns => _returns.AsSpan(0, Count);

    /// <summary>Empties the buffer (the storage is kept).</summary>
    public void Reset() => _steps = 0;

    /// <summary>Adds one step of every environment.</summary>
    /// <param name="observations">environments × observation values: the observations the actions were chosen in.</param>
    /// <param name="actions">environments × action values.</param>
    /// <param name="rewards">One reward per environment (add γ·V(final observation) on truncation; see the remarks).</param>
    /// <param name="episodeStarts">Per environment, whether its observation is the first of an episode.</param>
    /// <param name="values">Per environment, V(observation).</param>
    /// <param name="logProbabilities">Per environment, log π(action | observation).</param>
    /// <param name="actionMasks">environments × <see cref="MaskLength"/> flags, or empty when masks are not stored.</param>
    /// <exception cref="InvalidOperationException">The buffer is full.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Add(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<float> rewards, ReadOnlySpan<bool> episodeStarts, ReadOnlySpan<float> values, ReadOnlySpan<float> logProbabilities, ReadOnlySpan<bool> actionMasks = default)
    {
        if (IsFull)
        {
            throw new InvalidOperationException($"The rollout buffer already holds its {Steps} steps; call Reset first.");
        }

        int n = Environments;
        CheckLength(observations.Length, n * ObservationDimension, nameof(observations));
        CheckLength(actions.Length, n * ActionDimension, nameof(actions));
        CheckLength(rewards.Length, n, nameof(rewards));
        CheckLength(episodeStarts.Length, n, nameof(episodeStarts));
        CheckLength(values.Length, n, nameof(values));
        CheckLength(logProbabilities.Length, n, nameof(logProbabilities));
        CheckLength(actionMasks.Length, n * MaskLength, nameof(actionMasks));
        int row = _steps * n;
        observations.CopyTo(_observations.AsSpan(row * ObservationDimension));
        actions.CopyTo(_actions.AsSpan(row * ActionDimension));
        actionMasks.CopyTo(_masks.AsSpan(row * MaskLength));
        rewards.CopyTo(_rewards.AsSpan(row));
        episodeStarts.CopyTo(_episodeStarts.AsSpan(row));
        values.CopyTo(_values.AsSpan(row));
        logProbabilities.CopyTo(_logProbabilities.AsSpan(row));
        _steps++;
    }

    /// <summary>
    /// Computes the GAE(λ) advantages and the returns of the steps added so far (see the remarks for the recursion):
    /// usually a full rollout; a shorter one serves agents that end rollouts at episode ends (REINFORCE).
    /// </summary>
    /// <param name="lastValues">Per environment, V of the observation after the last stored step.</param>
    /// <param name="dones">Per environment, whether its last stored step ended an episode (then the next observation starts a new one).</param>
    /// <param name="gamma">The discount γ in [0, 1].</param>
    /// <param name="lambda">The GAE λ in [0, 1]; 1 gives Monte-Carlo returns minus V, 0 gives one-step TD errors.</param>
    /// <exception cref="InvalidOperationException">The buffer is empty.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">γ or λ is outside [0, 1].</exception>
    public void ComputeReturnsAndAdvantages(ReadOnlySpan<float> lastValues, ReadOnlySpan<bool> dones, double gamma, double lambda)
    {
        if (_steps == 0)
        {
            throw new InvalidOperationException("The rollout is empty; add steps before computing advantages.");
        }

        int n = Environments;
        CheckLength(lastValues.Length, n, nameof(lastValues));
        CheckLength(dones.Length, n, nameof(dones));
        if (!(gamma >= 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in [0, 1].");
        }

        if (!(lambda >= 0 && lambda <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "lambda must be in [0, 1].");
        }

        for (int e = 0; e < n; e++)
        {
            double gae = 0;
            for (int t = _steps - 1; t >= 0; t--)
            {
                int row = (t * n) + e;
                double nextValue;
                double nextNonTerminal;
                if (t == _steps - 1)
                {
                    nextValue = lastValues[e];
                    nextNonTerminal = dones[e] ? 0 : 1;
                }
                else
                {
                    nextValue = _values[row + n];
                    nextNonTerminal = _episodeStarts[row + n] ? 0 : 1;
                }

                double delta = _rewards[row] + (gamma * nextValue * nextNonTerminal) - _values[row];
                gae = delta + (gamma * lambda * nextNonTerminal * gae);
                _advantages[row] = (float)gae;
                _returns[row] = (float)(gae + _values[row]);
            }
        }
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} must hold {expected} values, has {actual}.", name);
        }
    }
}
