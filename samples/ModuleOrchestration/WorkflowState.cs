namespace ModuleOrchestration;

/// <summary>What the orchestrator knows about a lead's workflow so far.</summary>
/// <param name="Channel">The lead's channel.</param>
/// <param name="Enriched">Whether the enrich module has run.</param>
/// <param name="Score">The score module's estimate, or <see langword="null"/> before it ran.</param>
/// <param name="Routed">Whether the lead was routed.</param>
/// <param name="Notified">Whether a sales rep was notified.</param>
public readonly record struct WorkflowState(LeadChannel Channel, bool Enriched, LeadQuality? Score, bool Routed, bool Notified)
{
    /// <summary>The state as five numbers for <see cref="RlCommons.Tabular.StateDiscretizer"/>: channel, enriched, score (0 none, 1–3 low to high), routed, notified.</summary>
    /// <returns>The features.</returns>
    public float[] ToFeatures()
        => [(float)Channel, Enriched ? 1 : 0, Score is { } s ? 1 + (int)s : 0, Routed ? 1 : 0, Notified ? 1 : 0];

    /// <summary>A short description: "web, enriched, scored high".</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var parts = new List<string> { Channel == LeadChannel.Web ? "web" : "referral" };
        if (Enriched)
        {
            parts.Add("enriched");
        }

        if (Score is { } s)
        {
            parts.Add("scored " + s.ToString().ToLowerInvariant());
        }

        if (Routed)
        {
            parts.Add("routed");
        }

        if (Notified)
        {
            parts.Add("notified");
        }

        return string.Join(", ", parts);
    }
}
