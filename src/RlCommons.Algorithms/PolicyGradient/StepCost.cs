namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// The cost of one environment step for a constrained agent (<see cref="PpoLagrangianAgent"/>): a non-negative,
/// finite number computed from the observation the action was chosen in and the action sent to the environment.
/// </summary>
/// <param name="observation">The observation the action was chosen in.</param>
/// <param name="action">The action sent: one float holding the index for a discrete action, or the clipped vector for a continuous one.</param>
/// <returns>The step's cost, at least 0.</returns>
/// <remarks>Called on the training thread only; it must be deterministic for seeded runs to repeat.</remarks>
public delegate double StepCost(ReadOnlySpan<float> observation, ReadOnlySpan<float> action);
