namespace RlCommons.Algorithms.Training;

/// <summary>
/// The values <see cref="OffPolicyAgent"/> copies from an agent's options when it is built: the replay buffer and the
/// schedule of the loop (SB3's <c>buffer_size</c>, <c>batch_size</c>, <c>learning_starts</c>, <c>train_freq</c> and
/// <c>gradient_steps</c>).
/// </summary>
/// <param name="BufferSize">Replay buffer capacity in transitions.</param>
/// <param name="BatchSize">Transitions per gradient step.</param>
/// <param name="LearningStarts">Environment steps of uniformly random actions, counted over the agent's life, before the policy acts and training starts.</param>
/// <param name="TrainFrequency">Train every this many environment steps.</param>
/// <param name="GradientSteps">Gradient steps each time training runs.</param>
/// <param name="PriorityAlpha">The priority exponent α of a prioritized buffer, or <see langword="null"/> for uniform replay.</param>
internal readonly record struct OffPolicySettings(int BufferSize, int BatchSize, int LearningStarts, int TrainFrequency, int GradientSteps, double? PriorityAlpha = null);
