using System.Globalization;
using ModuleOrchestration;
using RlCommons.Monitoring.Metrics;
using RlCommons.Okr;
using RlCommons.Okr.Rewards;
using RlCommons.Samples;
using RlCommons.Schedules;
using RlCommons.Snapshots;

// Module orchestration: choose which module runs next for each lead (enrich → score → route → notify, or stop)
// with tabular Q-learning, rewarded by an OKR with a cost-budget constraint; reports the rolling episode return
// with Monitoring's TrainingTracker, compares the learned policy with the fixed pipeline, then saves the agent and
// resumes from it on the next run.
SampleOptions options;
try
{
    options = SampleOptions.Parse(args, "ModuleOrchestration", 20_000, "module-orchestration");
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

// ε falls linearly from 1 to 0.05 over the first 40,000 decisions (about 17,000 leads), then stays there: a score
// followed by routing only pays on some leads, and its value is learned only after that chain has been explored often.
ModuleOrchestrator NewOrchestrator() => new(options.Seed, Schedule.Linear(1.0, 0.05, 40_000));

ModuleOrchestrator orchestrator = NewOrchestrator();
string statePath = Path.Combine(options.StateDirectory, "q-learning.rlcs");
long resumedFrom = 0;
if (!options.Fresh && File.Exists(statePath))
{
    try
    {
        Snapshot.Load(orchestrator.Agent, statePath);
        resumedFrom = orchestrator.Agent.UpdateCount;
        Console.WriteLine($"Resumed from {options.StateDirectory}: the agent has learned from {resumedFrom:N0} steps before this run (ε now {orchestrator.Agent.CurrentEpsilon:F2}).");
    }
    catch (SnapshotException ex)
    {
        Console.WriteLine($"Ignoring the saved snapshot ({ex.Message}); starting fresh.");
        orchestrator = NewOrchestrator();
    }
}

// A resumed run sees new leads; every policy sees the same leads and the same outcome noise per lead.
int leadSeed = unchecked(options.Seed + (int)resumedFrom);
var source = new LeadSource(leadSeed);
Lead[] leads = [.. Enumerable.Range(0, options.Requests).Select(_ => source.Next())];
int RunSeed(int i) => unchecked((leadSeed * 31) + (i * 7919) + 7);
OkrReward reward = ModuleOrchestrator.CreateReward();

Console.WriteLine();
Console.WriteLine($"{options.Requests:N0} training leads, seed {options.Seed}. OKR '{ModuleOrchestrator.Okr.Id}': {ModuleOrchestrator.Okr.Objective}.");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Step reward = 0.7·Δ(weighted pipeline)/0.3 − 0.3·Δcost/$0.10 − 2·(cost − ${ModuleOrchestrator.CostBudget})/${ModuleOrchestrator.CostBudget} when over the budget."));
Console.WriteLine();

var tracker = new TrainingTracker("q-learning", new TrainingTrackerOptions { Window = 100 });
double fixedTrainingReturn = 0;
int checkpoint = Math.Max(1, options.Requests / 5);
Console.WriteLine($"{"Episode",8} {"Rolling mean return (100)",26} {"ε",6}");
for (int i = 0; i < leads.Length; i++)
{
    EpisodeResult result = ModuleOrchestrator.Run(leads[i], RunSeed(i), reward, s => orchestrator.Choose(s, explore: true), orchestrator.Learn);
    tracker.RecordSteps(result.Path.Count);
    tracker.RecordEpisode(result.Return, result.Path.Count, leads[i].Channel.ToString());
    fixedTrainingReturn += ModuleOrchestrator.Run(leads[i], RunSeed(i), reward, FixedPipeline, null).Return;
    if ((i + 1) % checkpoint == 0 || i + 1 == leads.Length)
    {
        TrainingSnapshot progress = tracker.Snapshot();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{progress.Episodes,8:N0} {progress.MeanReturn,26:F4} {orchestrator.Agent.CurrentEpsilon,6:F2}"));
    }
}

TrainingSnapshot final = tracker.Snapshot();
double onlineMean = final.History.Average(p => p.Return);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Mean return while learning {onlineMean:F4} (fixed pipeline on the same leads {fixedTrainingReturn / leads.Length:F4}); rolling mean by channel: {string.Join(", ", final.Segments.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value.MeanReturn:F4} ({p.Value.Episodes:N0} leads)")))}."));

// The greedy policy against fixed baselines on leads it has not seen.
var holdoutSource = new LeadSource(unchecked(leadSeed + 1_000_003));
Lead[] holdout = [.. Enumerable.Range(0, 2_000).Select(_ => holdoutSource.Next())];
var uniform = new Random(unchecked(options.Seed + 17));
(string Name, Func<WorkflowState, WorkflowModule> Policy)[] policies =
[
    ("Q-learning, greedy", orchestrator.Greedy),
    ("Fixed pipeline", FixedPipeline),
    ("Fixed, no enrich", FixedWithoutEnrichment),
    ("Stop at once", _ => WorkflowModule.Stop),
    ("Random module", RandomModule),
];
Console.WriteLine();
Console.WriteLine("On 2,000 held-out leads:");
Console.WriteLine($"{"Policy",-20} {"Mean return",11} {"Pipeline/lead",13} {"$/lead",8} {"Modules",8} {"Over budget",11}");
Console.WriteLine(new string('-', 76));
foreach ((string name, Func<WorkflowState, WorkflowModule> policy) in policies)
{
    EpisodeResult[] results = [.. holdout.Select((lead, i) => ModuleOrchestrator.Run(lead, unchecked(RunSeed(i) + 1_000_003), reward, policy, null))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-20} {results.Average(r => r.Return),11:F4} {results.Average(r => r.PipelineValue),13:F4} {results.Average(r => r.ProcessingCost),8:F4} {results.Average(r => r.ModulesRun),8:F2} {results.Count(r => r.Violated) / (double)results.Length,11:P1}"));
}

Console.WriteLine();
Console.WriteLine("The learned workflow (greedy; branches on the score):");
foreach (LeadChannel channel in Enum.GetValues<LeadChannel>())
{
    Trace(new WorkflowState(channel, false, null, false, false), []);
}

Directory.CreateDirectory(options.StateDirectory);
Snapshot.Save(orchestrator.Agent, statePath);
Console.WriteLine();
Console.WriteLine($"Saved the agent to {options.StateDirectory} ({orchestrator.Agent.UpdateCount:N0} updates); the next run resumes from it (--fresh to start over).");
return 0;

// The pipeline the team runs today: every module once, in order.
static WorkflowModule FixedPipeline(WorkflowState s)
    => !s.Enriched ? WorkflowModule.Enrich
        : s.Score is null ? WorkflowModule.Score
        : !s.Routed ? WorkflowModule.Route
        : !s.Notified ? WorkflowModule.Notify
        : WorkflowModule.Stop;

// Uniform over the modules allowed now.
WorkflowModule RandomModule(WorkflowState s)
{
    WorkflowModule[] allowed = [.. Enum.GetValues<WorkflowModule>().Where(m => WorkflowRun.IsAllowed(s, m))];
    return allowed[uniform.Next(allowed.Length)];
}

// The obvious repair of the pipeline to fit the budget: skip enrichment.
static WorkflowModule FixedWithoutEnrichment(WorkflowState s)
    => s.Score is null ? WorkflowModule.Score
        : !s.Routed ? WorkflowModule.Route
        : WorkflowModule.Notify;

// Follows the greedy policy from a state; a score forks the trace into its three possible results.
void Trace(WorkflowState state, List<string> path)
{
    WorkflowModule module = orchestrator.Greedy(state);
    List<string> next = [.. path, module.ToString().ToLowerInvariant()];
    switch (module)
    {
        case WorkflowModule.Stop or WorkflowModule.Notify:
            Console.WriteLine($"  {state,-30} {string.Join(" → ", next)}");
            break;
        case WorkflowModule.Score:
            foreach (LeadQuality score in Enum.GetValues<LeadQuality>())
            {
                Trace(state with { Score = score }, next);
            }

            break;
        default:
            Trace(module switch
            {
                WorkflowModule.Enrich => state with { Enriched = true },
                _ => state with { Routed = true },
            }, next);
            break;
    }
}
