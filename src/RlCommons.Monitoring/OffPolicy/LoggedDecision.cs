namespace RlCommons.Monitoring.OffPolicy;

/// <summary>One decision logged by the behaviour (logging) policy.</summary>
/// <param name="Context">The features the policy saw.</param>
/// <param name="Action">The action taken, in [0, actionCount).</param>
/// <param name="Propensity">The probability with which the logging policy took <paramref name="Action"/>, in (0, 1].</param>
/// <param name="Reward">The observed reward.</param>
public sealed record LoggedDecision(IReadOnlyList<double> Context, int Action, double Propensity, double Reward);
