using RlCommons.Environments;
using RlCommons.Spaces;

namespace RlCommons.Training;

/// <summary>
/// Runs a policy for whole episodes and reports their returns (SB3's <c>evaluate_policy</c>): the environment is
/// reset with <c>seed</c> before the first episode and left to its own generator for the rest, so one seed gives
/// one sequence of start states.
/// </summary>
public static class PolicyEvaluation
{
    /// <summary>Evaluates a discrete-action policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="environment">The environment; it should end episodes (a <see cref="TimeLimit"/> wrapper does).</param>
    /// <param name="episodes">The number of episodes, at least 1.</param>
    /// <param name="seed">The seed of the first reset.</param>
    /// <param name="deterministic">Whether to act greedily (the default) or as during training.</param>
    /// <returns>The returns and lengths.</returns>
    /// <exception cref="ArgumentException">The policy and environment disagree on the observation length or action count.</exception>
    public static EvaluationResult Evaluate(IDiscretePolicy policy, IEnvironment environment, int episodes, long seed, bool deterministic = true)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        if (environment.ActionSpace is not DiscreteSpace actions || actions.Count != policy.ActionCount)
        {
            throw new ArgumentException($"The environment's action space {environment.ActionSpace} does not match the policy's {policy.ActionCount} actions.", nameof(environment));
        }

        CheckObservation(policy.ObservationDimension, environment);
        return Run(environment, episodes, seed, (obs, env, o) => env.Step(actions.Start + policy.Predict(obs, deterministic), o));
    }

    /// <summary>Evaluates a continuous-action policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="environment">The environment; it should end episodes (a <see cref="TimeLimit"/> wrapper does).</param>
    /// <param name="episodes">The number of episodes, at least 1.</param>
    /// <param name="seed">The seed of the first reset.</param>
    /// <param name="deterministic">Whether to act with the mean action (the default) or sample as during training.</param>
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

        CheckObservation(policy.ObservationDimension, environment);
        var action = new float[policy.ActionDimension];
        return Run(environment, episodes, seed, (obs, env, o) =>
        {
            policy.Predict(obs, action, deterministic);
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
