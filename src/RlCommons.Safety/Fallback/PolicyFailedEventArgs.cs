namespace RlCommons.Safety.Fallback;

/// <summary>Raised when a learned policy fails a decision and the baseline acts instead (<see cref="Decisions.DecisionSource.LearnedFailed"/>).</summary>
/// <param name="policyId">The id of the policy that failed.</param>
/// <param name="error">What went wrong: the exception the policy threw, or an <see cref="InvalidOperationException"/> describing the invalid output it returned.</param>
public sealed class PolicyFailedEventArgs(string policyId, Exception error) : EventArgs
{
    /// <summary>The id of the policy that failed.</summary>
    public string PolicyId { get; } = policyId;

    /// <summary>The exception the policy threw, or an <see cref="InvalidOperationException"/> describing the invalid output it returned (propensity outside (0, 1], action outside the action range, a distribution that is not one).</summary>
    public Exception Error { get; } = error;
}
