namespace ModuleOrchestration;

/// <summary>
/// One simulated workflow run for a lead: applies modules, keeps the episode's running metrics
/// (<c>pipeline_value</c>, the weighted pipeline: the win probability of each lead handed to sales, <c>processing_cost</c> in dollars, <c>modules_run</c>) that the OKR reads.
/// </summary>
public sealed class WorkflowRun
{
    private static readonly double[] ConversionRate = [0.02, 0.20, 0.50];
    private static readonly double[] ModuleCost = [0.03, 0.01, 0.01, 0.08, 0.0];
    private readonly Lead _lead;
    private readonly Random _random;
    private bool _routedWithScore;

    /// <summary>Starts a run.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="seed">Seed of the run's outcome noise (score errors).</param>
    public WorkflowRun(Lead lead, int seed)
    {
        ArgumentNullException.ThrowIfNull(lead);
        _lead = lead;
        _random = new Random(seed);
        State = new WorkflowState(lead.Channel, false, null, false, false);
    }

    /// <summary>What the orchestrator knows now.</summary>
    public WorkflowState State { get; private set; }

    /// <summary>The weighted pipeline so far: the lead's win probability once a sales rep has it, else 0.</summary>
    public double PipelineValue { get; private set; }

    /// <summary>Dollars spent so far.</summary>
    public double ProcessingCost { get; private set; }

    /// <summary>Modules run so far (<see cref="WorkflowModule.Stop"/> is not a module run).</summary>
    public int ModulesRun { get; private set; }

    /// <summary>Whether the run has ended (<see cref="WorkflowModule.Stop"/> or <see cref="WorkflowModule.Notify"/> ran).</summary>
    public bool Finished { get; private set; }

    /// <summary>The metrics the OKR reads.</summary>
    /// <returns>A new dictionary.</returns>
    public Dictionary<string, double> Metrics() => new(StringComparer.Ordinal)
    {
        ["pipeline_value"] = PipelineValue,
        ["processing_cost"] = ProcessingCost,
        ["modules_run"] = ModulesRun,
    };

    /// <summary>
    /// Whether <paramref name="module"/> may run in <paramref name="state"/>: each module at most once, enrichment only
    /// before scoring and scoring only before routing (later they would change nothing), notification only after
    /// routing; stop always. Notifying hands the lead to sales and ends the run.
    /// </summary>
    /// <param name="state">The workflow state.</param>
    /// <param name="module">The module.</param>
    /// <returns>Whether it is allowed.</returns>
    public static bool IsAllowed(WorkflowState state, WorkflowModule module) => module switch
    {
        WorkflowModule.Enrich => !state.Enriched && state.Score is null && !state.Routed,
        WorkflowModule.Score => state.Score is null && !state.Routed,
        WorkflowModule.Route => !state.Routed,
        WorkflowModule.Notify => state.Routed && !state.Notified,
        WorkflowModule.Stop => true,
        _ => false,
    };

    /// <summary>Runs <paramref name="module"/>.</summary>
    /// <param name="module">The module.</param>
    /// <exception cref="InvalidOperationException">The run has finished, or the module is not allowed now.</exception>
    public void Apply(WorkflowModule module)
    {
        if (Finished)
        {
            throw new InvalidOperationException("The run has finished.");
        }

        WorkflowState s = State;
        if (!IsAllowed(s, module))
        {
            throw new InvalidOperationException($"{module} is not allowed in the state '{s}'.");
        }

        if (module == WorkflowModule.Stop)
        {
            Finished = true;
            return;
        }

        ModulesRun++;
        ProcessingCost += ModuleCost[(int)module];
        State = module switch
        {
            // Without enrichment the model sees too little: 35 % of the time it guesses a bucket at random.
            WorkflowModule.Score => s with { Score = !s.Enriched && _random.NextDouble() < 0.35 ? (LeadQuality)_random.Next(3) : _lead.Quality },
            WorkflowModule.Route => s with { Routed = true },
            WorkflowModule.Notify => s with { Notified = true },
            _ => s with { Enriched = true },
        };

        if (module == WorkflowModule.Route)
        {
            _routedWithScore = s.Score is not null;
        }
        else if (module == WorkflowModule.Notify)
        {
            // An unscored lead lands in the general queue, where reps follow up later and win less.
            PipelineValue += ConversionRate[(int)_lead.Quality] * (_routedWithScore ? 1.0 : 0.7);
            Finished = true;
        }
    }
}
