using RlCommons.Policies;

namespace RlCommons.Safety.Tests.TestSupport;

/// <summary>Short calls for tests: decide or read the distribution for features given as floats.</summary>
internal static class PolicyTestExtensions
{
    public static Decision DecideOnce(this IPolicy policy, params float[] features) => policy.Decide(features, Span<double>.Empty);

    public static double[] Distribution(this IPolicy policy, params float[] features)
    {
        double[] p = new double[policy.ActionCount];
        policy.GetProbabilities(features, p);
        return p;
    }
}
