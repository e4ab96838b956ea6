using RlCommons.Okr;
using RlCommons.Okr.Dsl;
using RlCommons.Okr.Integration;
using RlCommons.Okr.Rewards;
using RlCommons.Schedules;
using RlCommons.Algorithms.Tabular;

namespace ModuleOrchestration;

/// <summary>
/// The adapter the host application writes: tabular Q-learning over the workflow's discretized state
/// (<see cref="StateDiscretizer"/>, 2 × 2 × 4 × 2 × 2 = 64 states) choosing the next module among the allowed ones
/// (an action mask), with rewards from the team's OKR through an <see cref="OkrRewardTracker"/>.
/// </summary>
public sealed class ModuleOrchestrator
{
    /// <summary>The processing budget per lead in dollars, the OKR's constraint.</summary>
    public const double CostBudget = 0.12;

    /// <summary>The OKR the reward comes from: weighted pipeline up, processing cost down, at most <see cref="CostBudget"/> per lead.</summary>
    public static Okr Okr { get; } = Okr.Create("lead_workflow")
        .WithObjective("Turn leads into deals without wasting work")
        .WithKeyResult("pipeline_value", 0.3, Direction.Maximize, weight: 0.7, unit: "expected deals")
        .WithKeyResult("processing_cost", 0.1, Direction.Minimize, weight: 0.3, unit: "USD")
        .WithConstraint("processing_cost", Comparison.LessOrEqual, CostBudget, penalty: 2)
        .Build();

    /// <summary>Maps the five state features to a table row.</summary>
    public static StateDiscretizer Discretizer { get; } = StateDiscretizer.Uniform([0, 0, 0, 0, 0], [2, 2, 4, 2, 2], [2, 2, 4, 2, 2]);

    /// <summary>Creates the orchestrator.</summary>
    /// <param name="seed">Seed of the agent's exploration.</param>
    /// <param name="epsilon">The exploration schedule, by decision count.</param>
    public ModuleOrchestrator(int seed, Schedule epsilon)
    {
        Agent = new QLearningAgent(new QLearningOptions
        {
            StateCount = Discretizer.StateCount,
            ActionCount = Enum.GetValues<WorkflowModule>().Length,
            LearningRate = 0.05,
            DiscountFactor = 0.99,
            EpsilonSchedule = epsilon,
            Seed = seed,
        });
    }

    /// <summary>The learning agent (save it to resume).</summary>
    public QLearningAgent Agent { get; }

    /// <summary>Creates the OKR reward the runs are scored with (exploration bonus off: the agent explores by ε-greedy).</summary>
    /// <returns>The reward.</returns>
    public static OkrReward CreateReward() => new(Okr, new OkrRewardOptions { ExplorationScale = 0 });

    /// <summary>The table row of <paramref name="state"/>.</summary>
    /// <param name="state">The workflow state.</param>
    /// <returns>The state index.</returns>
    public static int StateIndex(WorkflowState state) => Discretizer.Discretize(state.ToFeatures());

    /// <summary>Chooses the next module.</summary>
    /// <param name="state">The workflow state.</param>
    /// <param name="explore"><see langword="true"/> for ε-greedy, <see langword="false"/> for the greedy module (counted as a decision; see <see cref="Greedy"/>).</param>
    /// <returns>The module.</returns>
    public WorkflowModule Choose(WorkflowState state, bool explore) => (WorkflowModule)Agent.Decide(StateIndex(state), AllowedModules(state), explore).Action;

    /// <summary>The action mask of <paramref name="state"/>: which modules may run (<see cref="WorkflowRun.IsAllowed"/>).</summary>
    /// <param name="state">The workflow state.</param>
    /// <returns>One entry per module.</returns>
    public static bool[] AllowedModules(WorkflowState state)
        => [.. Enum.GetValues<WorkflowModule>().Select(m => WorkflowRun.IsAllowed(state, m))];

    /// <summary>
    /// The allowed module with the highest learned value, ties going to <see cref="WorkflowModule.Stop"/> (so a state
    /// never tried stops). Reads the table only: unlike a greedy <c>Decide</c> it does not count as a decision,
    /// so evaluating the policy does not move the exploration schedule.
    /// </summary>
    /// <param name="state">The workflow state.</param>
    /// <returns>The module.</returns>
    public WorkflowModule Greedy(WorkflowState state)
    {
        Span<double> values = stackalloc double[Agent.ActionCount];
        Agent.GetQValues(StateIndex(state), values);
        int best = (int)WorkflowModule.Stop;
        for (int a = 0; a < values.Length; a++)
        {
            if (WorkflowRun.IsAllowed(state, (WorkflowModule)a) && values[a] > values[best])
            {
                best = a;
            }
        }

        return (WorkflowModule)best;
    }

    /// <summary>Learns one step.</summary>
    /// <param name="state">The state before the module ran.</param>
    /// <param name="module">The module.</param>
    /// <param name="reward">The OKR reward of the step.</param>
    /// <param name="next">The state after it.</param>
    /// <param name="terminal">Whether the run ended.</param>
    public void Learn(WorkflowState state, WorkflowModule module, double reward, WorkflowState next, bool terminal)
        => Agent.Learn(StateIndex(state), (int)module, reward, StateIndex(next), AllowedModules(next), terminal);

    /// <summary>Runs one lead through the workflow, scoring every step with the OKR.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="seed">Seed of the run's outcome noise, the same for every policy.</param>
    /// <param name="reward">The OKR reward.</param>
    /// <param name="choose">Picks the next module.</param>
    /// <param name="learn">Learns each step, or <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public static EpisodeResult Run(Lead lead, int seed, OkrReward reward, Func<WorkflowState, WorkflowModule> choose, Action<WorkflowState, WorkflowModule, double, WorkflowState, bool>? learn)
    {
        ArgumentNullException.ThrowIfNull(choose);
        var run = new WorkflowRun(lead, seed);
        var tracker = new OkrRewardTracker(reward);
        tracker.Start(run.Metrics());
        var path = new List<WorkflowModule>();
        double episodeReturn = 0;
        while (!run.Finished)
        {
            WorkflowState before = run.State;
            WorkflowModule module = choose(before);
            run.Apply(module);
            path.Add(module);
            double r = tracker.Observe(run.Metrics(), (int)module, run.Finished).Reward;
            episodeReturn += r;
            learn?.Invoke(before, module, r, run.State, run.Finished);
        }

        return new EpisodeResult(episodeReturn, run.PipelineValue, run.ProcessingCost, run.ModulesRun, run.ProcessingCost > CostBudget, path);
    }
}
