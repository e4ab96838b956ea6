namespace ModuleOrchestration;

/// <summary>The modules the orchestrator can run next; the values are the agent's action indices.</summary>
public enum WorkflowModule
{
    /// <summary>Look the lead up in a data provider ($0.03): makes the score reliable.</summary>
    Enrich,

    /// <summary>Estimate the lead's quality ($0.01); without enrichment it is wrong 35 % of the time.</summary>
    Score,

    /// <summary>Assign the lead to a sales queue ($0.01); a scored lead goes to the right priority queue.</summary>
    Route,

    /// <summary>Hand the routed lead to a sales rep ($0.08 of their time) and end the workflow; only now can it be won.</summary>
    Notify,

    /// <summary>End the workflow for this lead without handing it to sales.</summary>
    Stop,
}
