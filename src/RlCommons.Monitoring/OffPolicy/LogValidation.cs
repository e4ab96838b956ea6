namespace RlCommons.Monitoring.OffPolicy;

/// <summary>Checks logged decisions once, naming the first bad entry.</summary>
internal static class LogValidation
{
    /// <summary>Validates the logs and returns their common context length.</summary>
    public static int Check(IReadOnlyList<LoggedDecision> logs, int actionCount, string paramName)
    {
        if (logs.Count == 0)
        {
            throw new ArgumentException("At least one logged decision is required.", paramName);
        }

        int dimension = -1;
        for (int i = 0; i < logs.Count; i++)
        {
            LoggedDecision d = logs[i] ?? throw new ArgumentException($"Logged decision {i} is null.", paramName);
            if (d.Context is null)
            {
                throw new ArgumentException($"Logged decision {i} has no context.", paramName);
            }

            if (dimension < 0)
            {
                dimension = d.Context.Count;
            }
            else if (d.Context.Count != dimension)
            {
                throw new ArgumentException($"Logged decision {i} has {d.Context.Count} features; the first had {dimension}.", paramName);
            }

            if (d.Action < 0 || d.Action >= actionCount)
            {
                throw new ArgumentException($"Logged decision {i} has action {d.Action}, outside [0, {actionCount}).", paramName);
            }

            if (!(d.Propensity > 0 && d.Propensity <= 1))
            {
                throw new ArgumentException($"Logged decision {i} has propensity {d.Propensity}; it must be in (0, 1].", paramName);
            }

            if (!double.IsFinite(d.Reward))
            {
                throw new ArgumentException($"Logged decision {i} has reward {d.Reward}; it must be finite.", paramName);
            }
        }

        return dimension;
    }
}
