using System.Globalization;
using ProviderSelection;
using RlCommons.Algorithms.Contextual;
using RlCommons.Snapshots;
using RlCommons.Samples;

// Provider selection: route each LLM request to one of five providers, learning from quality, latency,
// cost and errors. Compares LinUCB and linear Thompson sampling with static baselines, then saves the
// learners' snapshots and resumes from them on the next run.
SampleOptions options;
try
{
    options = SampleOptions.Parse(args, "ProviderSelection", 20_000, "provider-selection");
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

IReadOnlyList<ProviderProfile> providers = ProviderSimulator.Providers;
string[] names = [.. providers.Select(p => p.Name)];
int dimension = ProviderSelector.FeatureDimension;

var linUcb = new ProviderSelector(new LinUcbBandit(new LinUcbOptions { Arms = names, Dimension = dimension, Alpha = 1.0, Seed = options.Seed }));
var linTs = new ProviderSelector(new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { Arms = names, Dimension = dimension, ExplorationScale = 0.3, Seed = options.Seed }));
string linUcbPath = Path.Combine(options.StateDirectory, "linucb.rlcs");
string linTsPath = Path.Combine(options.StateDirectory, "lints.rlcs");

long resumedFrom = 0;
if (!options.Fresh && File.Exists(linUcbPath) && File.Exists(linTsPath))
{
    try
    {
        Snapshot.Load(linUcb, linUcbPath);
        Snapshot.Load(linTs, linTsPath);
        resumedFrom = linUcb.Policy.UpdateCount;
        Console.WriteLine($"Resumed from {options.StateDirectory}: the learners have seen {resumedFrom:N0} requests before this run.");
    }
    catch (SnapshotException ex)
    {
        Console.WriteLine($"Ignoring the saved snapshots ({ex.Message}); starting fresh.");
        linUcb = new ProviderSelector(new LinUcbBandit(new LinUcbOptions { Arms = names, Dimension = dimension, Alpha = 1.0, Seed = options.Seed }));
        linTs = new ProviderSelector(new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { Arms = names, Dimension = dimension, ExplorationScale = 0.3, Seed = options.Seed }));
    }
}

// The same traffic and outcome noise for every policy; a resumed run sees new traffic.
int trafficSeed = unchecked(options.Seed + (int)resumedFrom);
var traffic = new ProviderSimulator(trafficSeed);
LlmRequest[] requests = [.. Enumerable.Range(0, options.Requests).Select(_ => traffic.NextRequest())];
int outcomeSeed = unchecked((trafficSeed * 31) + 7);

// Static baselines: the cheapest provider, the best single provider on average (known in hindsight from a
// separate sample of traffic), and uniform random.
int cheapest = Enumerable.Range(0, providers.Count).MinBy(i => providers[i].PricePerThousandTokens);
var calibration = new ProviderSimulator(unchecked(trafficSeed + 1_000_003));
LlmRequest[] sample = [.. Enumerable.Range(0, 5_000).Select(_ => calibration.NextRequest())];
int bestOnAverage = Enumerable.Range(0, providers.Count).MaxBy(i => sample.Average(r => Experiment.ExpectedReward(providers[i], r)));
var uniform = new Random(unchecked(options.Seed + 17));

PolicyResult[] results =
[
    Experiment.Run("LinUCB (α=1.0)", requests, outcomeSeed, (_, d) => d!.Action, linUcb),
    Experiment.Run("Linear TS (v=0.3)", requests, outcomeSeed, (_, d) => d!.Action, linTs),
    Experiment.Run($"Always cheapest ({names[cheapest]})", requests, outcomeSeed, (_, _) => cheapest, null),
    Experiment.Run($"Best on average ({names[bestOnAverage]})", requests, outcomeSeed, (_, _) => bestOnAverage, null),
    Experiment.Run("Random", requests, outcomeSeed, (_, _) => uniform.Next(providers.Count), null),
];

Console.WriteLine();
Console.WriteLine($"{options.Requests:N0} requests, seed {options.Seed}. Reward = 0.5·quality + 0.3·(1 − latency/10 s) + 0.2·(1 − cost/$0.10), −0.5 on error.");
Console.WriteLine("Regret: total expected reward lost against an oracle that knows each provider's expected reward per request.");
Console.WriteLine();
Console.WriteLine($"{"Policy",-34} {"Mean reward",11} {"Regret",10} {"Regret/req",10} {"Mean cost",10} {"Errors",7}");
Console.WriteLine(new string('-', 87));
foreach (PolicyResult r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Policy,-34} {r.MeanReward,11:F4} {r.Regret,10:F1} {r.Regret / r.Requests,10:F4} {r.MeanCost,10:F5} {r.ErrorRate,7:P1}"));
}

Console.WriteLine();
Console.WriteLine($"Routing share      {string.Join(" ", names.Select(n => $"{n,12}"))}");
foreach (PolicyResult r in results.Take(2))
{
    Console.WriteLine($"{r.Policy,-18} {string.Join(" ", r.Choices.Select(c => string.Create(CultureInfo.InvariantCulture, $"{(double)c / r.Requests,12:P1}")))}");
}

Console.WriteLine();
Console.WriteLine("What LinUCB learned (greedy choice by request kind and prompt length):");
foreach (RequestKind kind in Enum.GetValues<RequestKind>())
{
    IEnumerable<string> routes = ((int[])[100, 2_000, 12_000]).Select(tokens =>
        $"{tokens,6} tokens → {linUcb.Decide(new LlmRequest(kind, tokens), explore: false).ActionName,-12}");
    Console.WriteLine($"  {kind,-14} {string.Join("  ", routes)}");
}

Directory.CreateDirectory(options.StateDirectory);
Snapshot.Save(linUcb, linUcbPath);
Snapshot.Save(linTs, linTsPath);
Console.WriteLine();
Console.WriteLine($"Saved the learners to {options.StateDirectory} ({linUcb.Policy.UpdateCount:N0} updates); the next run resumes from them (--fresh to start over).");
return 0;
