namespace RlCommons.Okr.Shaping;

/// <summary>
/// Potential-based shaping F(s, s′) = γ·Φ(s′) − Φ(s) (Ng, Harada and Russell 1999, "Policy invariance under reward
/// transformations"): adding F to any reward leaves the optimal policy unchanged, because along a trajectory the
/// terms telescope to a quantity that depends only on the start state.
/// </summary>
internal static class PotentialShaping
{
    /// <summary>F = γ·Φ(s′) − Φ(s), with Φ(s′) taken as 0 when s′ is terminal (required for invariance in episodic tasks).</summary>
    public static double Shape(double gamma, double potentialBefore, double potentialAfter, bool terminal)
        => (terminal ? 0.0 : gamma * potentialAfter) - potentialBefore;
}
