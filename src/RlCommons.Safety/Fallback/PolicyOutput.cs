namespace RlCommons.Safety.Fallback;

/// <summary>
/// Checks what a member policy returned before a mixture trusts it, and the small distribution helpers the mixtures
/// share. A problem is returned as text (null when the output is valid) so that the caller can count, log and fall back.
/// </summary>
internal static class PolicyOutput
{
    /// <summary>How far the probabilities a policy reports may sum from 1 (float-based agents round).</summary>
    public const double SumTolerance = 1e-6;

    /// <summary>Buffers up to this many doubles live on the stack.</summary>
    public const int StackLimit = 256;

    /// <summary>Checks that <paramref name="p"/> is a probability distribution: finite values in [0, 1] that sum to 1.</summary>
    public static string? CheckDistribution(ReadOnlySpan<double> p)
    {
        double sum = 0;
        for (int a = 0; a < p.Length; a++)
        {
            if (!(p[a] >= 0 && p[a] <= 1))
            {
                return $"probability {p[a]} of action {a} is not in [0, 1]";
            }

            sum += p[a];
        }

        return Math.Abs(sum - 1) <= SumTolerance ? null : $"probabilities sum to {sum}, not 1";
    }

    /// <summary>Checks a decision and the distribution it was drawn from: action in [0, n), propensity in (0, 1], and the action possible under the distribution.</summary>
    public static string? CheckDecision(in Decision decision, ReadOnlySpan<double> distribution)
    {
        if (decision.Action < 0 || decision.Action >= distribution.Length)
        {
            return $"action {decision.Action} is outside [0, {distribution.Length})";
        }

        if (!(decision.Propensity > 0 && decision.Propensity <= 1))
        {
            return $"propensity {decision.Propensity} of action {decision.Action} is not in (0, 1]";
        }

        string? problem = CheckDistribution(distribution);
        if (problem is not null)
        {
            return problem;
        }

        return distribution[decision.Action] > 0 ? null : $"action {decision.Action} has probability 0 in the distribution it was drawn from";
    }

    /// <summary>The index of the largest probability; ties go to the smallest index.</summary>
    public static int ArgMax(ReadOnlySpan<double> p)
    {
        int best = 0;
        for (int a = 1; a < p.Length; a++)
        {
            if (p[a] > p[best])
            {
                best = a;
            }
        }

        return best;
    }

    /// <summary>Inverse-CDF draw of an action from <paramref name="p"/> with the uniform <paramref name="u"/> in [0, 1); rounding never returns an action of probability 0.</summary>
    public static int Sample(ReadOnlySpan<double> p, double u)
    {
        double point = u * Sum(p);
        double cumulative = 0;
        int last = -1;
        for (int a = 0; a < p.Length; a++)
        {
            if (p[a] <= 0)
            {
                continue;
            }

            cumulative += p[a];
            last = a;
            if (point < cumulative)
            {
                return a;
            }
        }

        return last;
    }

    /// <summary>Checks a caller's probabilities buffer: empty, or at least <paramref name="actionCount"/> long.</summary>
    public static void CheckBuffer(Span<double> probabilities, int actionCount, bool required)
    {
        if ((required || !probabilities.IsEmpty) && probabilities.Length < actionCount)
        {
            throw new ArgumentException($"The probabilities buffer must hold at least {actionCount} values, got {probabilities.Length}.", nameof(probabilities));
        }
    }

    /// <summary>Copies a distribution into the caller's buffer when one was given (an empty buffer means "not wanted").</summary>
    public static void CopyOut(ReadOnlySpan<double> p, Span<double> probabilities)
    {
        if (!probabilities.IsEmpty)
        {
            p.CopyTo(probabilities);
        }
    }

    /// <summary>Checks the caller's features against a policy's feature count (any length when it is 0).</summary>
    public static void CheckFeatures(ReadOnlySpan<float> features, int featureCount)
    {
        if (featureCount > 0 && features.Length != featureCount)
        {
            throw new ArgumentException($"Expected {featureCount} features, got {features.Length}.", nameof(features));
        }
    }

    private static double Sum(ReadOnlySpan<double> p)
    {
        double sum = 0;
        foreach (double x in p)
        {
            sum += x > 0 ? x : 0;
        }

        return sum;
    }

    /// <summary>Checks that the members of a mixture agree on the action count and on the feature count (members reading no features aside), and returns the mixture's counts.</summary>
    public static (int ActionCount, int FeatureCount) Shape(string parameterName, params ReadOnlySpan<Policies.IPolicy> members)
    {
        int actions = members[0].ActionCount;
        int features = 0;
        foreach (Policies.IPolicy member in members)
        {
            if (member.ActionCount != actions || member.ActionCount < 1)
            {
                throw new ArgumentException($"Every member must have the same positive action count; got {member.ActionCount} and {actions}.", parameterName);
            }

            if (member.FeatureCount > 0)
            {
                if (features > 0 && member.FeatureCount != features)
                {
                    throw new ArgumentException($"Members that read features must read the same number; got {member.FeatureCount} and {features}.", parameterName);
                }

                features = member.FeatureCount;
            }
        }

        return (actions, features);
    }
}
