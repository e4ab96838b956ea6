using RlCommons.Environments;
using RlCommons.Policies;
using RlCommons.Spaces;

namespace RlCommons.Algorithms.Training;

/// <summary>
/// Runs a policy for whole episodes and reports their returns (SB3's <c>evaluate_policy</c>): the environment is
/// reset with <c>seed</c> before the first episode and left to its own generator for the rest, so one seed gives
/// one sequence of start states. Policies act through their <see cref="IPolicy.Decide"/> or
/// <see cref="IContinuousPolicy.Decide"/>, so an evaluation draws only from the policy's per-decision generators,
/// never from the streams its training uses.
/// </summary>
public static class PolicyEvaluation
{
    /// <summary>Evaluates a discrete-action policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="environment">The environment; it should end episodes (a <see cref="TimeLimit"/> wrapper does).</param>
    /// <param name="episodes">The number of episodes, at least 1.</param>
    /// <param name="seed">The seed of the first reset.</param>
    /// <param name="deterministic">Whether to act greedily (the default) or with the exploring policy.</param>
    /// <returns>The returns and lengths.</returns>
    /// <exception cref="ArgumentException">The policy and environment disagree on the observation length or action count.</exception>
    public static EvaluationResult Evaluate(IPolicy policy, IEnvironment environment, int episodes, long seed, bool deterministic = true)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        if (environment.ActionSpace is not DiscreteSpace actions || actions.Count != policy.ActionCount)
        {
            throw new ArgumentException($"The environment's action space {environment.ActionSpace} does not match the policy's {policy.ActionCount} actions.", nameof(environment));
        }

        CheckObservation(policy.FeatureCount, environment);
        return Run(environment, episodes, seed, (obs, env, o) => env.Step(actions.Start + policy.Decide(obs, default, explore: !deterministic).Action, o));
    }

    /// <summary>
    /// Evaluates a multi-discrete policy: each joint action the policy decides is sent to the environment as its
    /// component values (<see cref="MultiDiscreteSpace.FromJointIndex"/>) through <see cref="IEnvironment.Step(ReadOnlySpan{float}, Span{float})"/>.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <param name="environment">The environment; its action space must equal the policy's.</param>
    /// <param name="episodes">The number of episodes, at least 1.</param>
    /// <param name="seed">The seed of the first reset.</param>
    /// <param name="deterministic">Whether to act greedily (the default) or with the exploring policy.</param>
    /// <returns>The returns and lengths.</returns>
    /// <exception cref="ArgumentException">The policy and environment disagree on the observation length or the action space.</exception>
    public static EvaluationResult Evaluate(IMultiDiscretePolicy policy, IEnvironment environment, int episodes, long seed, bool deterministic = true)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        MultiDiscreteSpace space = policy.ActionSpace;
        if (!space.Equals(environment.ActionSpace))
        {
            throw new ArgumentException($"The environment's action space {environment.ActionSpace} does not match the policy's {space}.", nameof(environment));
        }

        CheckObservation(policy.FeatureCount, environment);
        var components = new int[space.Counts.Length];
        var action = new float[components.Length];
        return Run(environment, episodes, seed, (obs, env, o) =>
        {
            space.FromJointIndex(policy.Decide(obs, default, explore: !deterministic).Action, components);
            for (int i = 0; i < components.Length; i++)
            {
                action[i] = components[i];
            }

            return env.Step(action, o);
        });
    }

    /// <summary>Evaluates a continuous-action policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="environment">The environment; it should end episodes (a <see cref="TimeLimit"/> wrapper does).</param>
    /// <param name="episodes">The number of episodes, at least 1.</param>
    /// <param name="seed">The seed of the first reset.</param>
    /// <param name="deterministic">Whether to act with the mode (the default) or sample from the exploring policy. Actions are clipped to the environment's box before they are sent (SB3's <c>predict</c>; PPO's Gaussian is unbounded).</param>
    /// <returns>The returns and lengths.</returns>
    /// <exception cref="ArgumentException">The policy and environment disagree on the observation or action length.</exception>
    public static EvaluationResult Evaluate(IContinuousPolicy policy, IEnvironment environment, int episodes, long seed, bool deterministic = true)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        if (environment.ActionSpace is not BoxSpace box || box.FlatDimension != policy.ActionDimension)
        {
            throw new ArgumentException($"The environment's action space {environment.ActionSpace} does not match the policy's action length {policy.ActionDimension}.", nameof(environment));
        }

        CheckObservation(policy.FeatureCount, environment);
        var action = new float[policy.ActionDimension];
        float[] low = box.Low.ToArray();
        float[] high = box.High.ToArray();
        return Run(environment, episodes, seed, (obs, env, o) =>
        {
            policy.Decide(obs, action, explore: !deterministic);
            for (int i = 0; i < action.Length; i++)
            {
                action[i] = Math.Clamp(action[i], low[i], high[i]);
            }

            return env.Step(action, o);
        });
    }

    private static void CheckObservation(int dimension, IEnvironment environment)
    {
        if (environment.ObservationSpace.FlatDimension != dimension)
        {
            throw new ArgumentException($"The environment's observations have length {environment.ObservationSpace.FlatDimension}, the policy expects {dimension}.", nameof(environment));
        }
    }

    private delegate StepResult StepFunction(ReadOnlySpan<float> observation, IEnvironment environment, Span<float> next);

    private static EvaluationResult Run(IEnvironment environment, int episodes, long seed, StepFunction step)
    {
        int dimension = environment.ObservationSpace.FlatDimension;
        var observation = new float[dimension];
        var next = new float[dimension];
        var returns = new double[episodes];
        var lengths = new int[episodes];
        for (int e = 0; e < episodes; e++)
        {
            environment.Reset(e == 0 ? seed : null, observation);
            double total = 0;
            int length = 0;
            while (true)
            {
                StepResult result = step(observation, environment, next);
                total += result.Reward;
                length++;
                (observation, next) = (next, observation);
                if (result.EpisodeEnded)
                {
                    break;
                }
            }

            returns[e] = total;
            lengths[e] = length;
        }

        return new EvaluationResult(returns, lengths);
    }
}
