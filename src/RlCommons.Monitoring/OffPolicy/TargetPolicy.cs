namespace RlCommons.Monitoring.OffPolicy;

/// <summary>The policy being evaluated: the probability π(action | features) it gives each action.</summary>
/// <param name="features">The logged features.</param>
/// <param name="action">An action in [0, actionCount).</param>
/// <returns>π(action | context) in [0, 1]; over all actions the values must sum to 1.</returns>
public delegate double TargetPolicy(ReadOnlySpan<float> features, int action);
