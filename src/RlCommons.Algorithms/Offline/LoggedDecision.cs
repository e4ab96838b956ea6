namespace RlCommons.Offline;

/// <summary>One logged contextual-bandit decision: what the logging policy saw, chose, with which probability, and the reward.</summary>
/// <param name="Features">The context's feature vector, as the learner's <see cref="OfflineBanditOptions.Dimension"/> expects it.</param>
/// <param name="Action">The index of the arm the logging policy chose.</param>
/// <param name="Propensity">The probability with which the logging policy chose <paramref name="Action"/>, in (0, 1].</param>
/// <param name="Reward">The observed reward of that arm; finite.</param>
public sealed record LoggedDecision(ReadOnlyMemory<float> Features, int Action, double Propensity, double Reward);
