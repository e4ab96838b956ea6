using RlCommons.Decisions;

namespace RlCommons.Monitoring.OffPolicy;

/// <summary>Checks logged decisions once, naming the first bad entry: each needs a reward, a propensity in [OffPolicyEvaluator.MinimumPropensity, 1], an action in range and as many features as the first.</summary>
internal static class LogValidation
{
    /// <summary>Validates the logs and returns their common context length.</summary>
    public static int Check(IReadOnlyList<DecisionLogEntry> logs, int actionCount, string paramName)
    {
        if (logs.Count == 0)
        {
            throw new ArgumentException("At least one logged decision is required.", paramName);
        }

        int dimension = -1;
        for (int i = 0; i < logs.Count; i++)
        {
            DecisionLogEntry entry = logs[i] ?? throw new ArgumentException($"Logged decision {i} is null.", paramName);
            DecisionRecord d = entry.Decision;
            if (entry.Reward is not { } reward)
            {
                throw new ArgumentException($"Logged decision {i} ({d.EventId}) has no reward yet; evaluate rewarded decisions only (IDecisionLog.ReadRewarded).", paramName);
            }

            if (dimension < 0)
            {
                dimension = d.Features.Length;
            }
            else if (d.Features.Length != dimension)
            {
                throw new ArgumentException($"Logged decision {i} has {d.Features.Length} features; the first had {dimension}.", paramName);
            }

            if (d.Action < 0 || d.Action >= actionCount)
            {
                throw new ArgumentException($"Logged decision {i} has action {d.Action}, outside [0, {actionCount}).", paramName);
            }

            if (!(d.Propensity > 0 && d.Propensity <= 1))
            {
                throw new ArgumentException($"Logged decision {i} has propensity {d.Propensity}; it must be in (0, 1].", paramName);
            }

            if (d.Propensity < OffPolicyEvaluator.MinimumPropensity)
            {
                throw new ArgumentException(
                    $"Logged decision {i} ({d.EventId}) has propensity {d.Propensity}, below the minimum {OffPolicyEvaluator.MinimumPropensity}: its importance weight would be unbounded.",
                    paramName);
            }

            if (!double.IsFinite(reward))
            {
                throw new ArgumentException($"Logged decision {i} has reward {reward}; it must be finite.", paramName);
            }
        }

        return dimension;
    }
}
