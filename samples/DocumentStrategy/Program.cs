using System.Globalization;
using DocumentStrategy;
using RlCommons.Algorithms.Contextual;
using RlCommons.Decisions;
using RlCommons.Okr;
using RlCommons.Okr.Rewards;
using RlCommons.Rewards;
using RlCommons.Samples;
using RlCommons.Snapshots;

// Document strategy: choose how to process each incoming document (plain text extraction, OCR, a layout model or
// an LLM with vision) from its features, learning from a reward defined as an OKR. Compares LinUCB with a static
// rule and random choice, then saves the learner's snapshot and resumes from it on the next run.
SampleOptions options;
try
{
    options = SampleOptions.Parse(args, "DocumentStrategy", 5_000, "document-strategy");
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

IReadOnlyList<StrategyProfile> strategies = DocumentSimulator.Strategies;
string[] names = [.. strategies.Select(s => s.Name)];
int textExtract = 0, ocr = 1;

StrategySelector NewSelector() => new(new LinUcbBandit(new LinUcbOptions
{
    Arms = names,
    Dimension = StrategySelector.FeatureDimension,
    Alpha = 0.5,
    Seed = options.Seed,
}));

StrategySelector selector = NewSelector();
string statePath = Path.Combine(options.StateDirectory, "linucb.rlcs");
long resumedFrom = 0;
if (!options.Fresh && File.Exists(statePath))
{
    try
    {
        Snapshot.Load(selector, statePath);
        resumedFrom = selector.Policy.UpdateCount;
        Console.WriteLine($"Resumed from {options.StateDirectory}: the learner has seen {resumedFrom:N0} documents before this run.");
    }
    catch (SnapshotException ex)
    {
        Console.WriteLine($"Ignoring the saved snapshot ({ex.Message}); starting fresh.");
        selector = NewSelector();
    }
}

// The same documents and outcome noise for every policy; a resumed run sees new documents.
int documentSeed = unchecked(options.Seed + (int)resumedFrom);
var intake = new DocumentSimulator(documentSeed);
Document[] documents = [.. Enumerable.Range(0, options.Requests).Select(_ => intake.NextDocument())];
int outcomeSeed = unchecked((documentSeed * 31) + 7);
var uniform = new Random(unchecked(options.Seed + 17));

PolicyResult[] results =
[
    Experiment.Run("LinUCB (α=0.5), learning", documents, outcomeSeed, (_, d) => d!.Action, selector),
    Experiment.Run("Static rule (digital→text, scan→OCR)", documents, outcomeSeed, (doc, _) => doc.Scanned ? ocr : textExtract, null),
    Experiment.Run("Random", documents, outcomeSeed, (_, _) => uniform.Next(strategies.Count), null),
    Experiment.Run("Best strategy (oracle)", documents, outcomeSeed, (doc, _) => Experiment.Best(doc), null),
];

Console.WriteLine();
Console.WriteLine($"{options.Requests:N0} documents, seed {options.Seed}. OKR '{StrategySelector.Okr.Id}': {StrategySelector.Okr.Objective}.");
Console.WriteLine("Reward = 0.7·accuracy/0.95 − 0.3·(cost per page)/$0.01 − 2·(latency − 90 s)/90 s when later than 90 s.");
Console.WriteLine();
Console.WriteLine($"{"Policy",-38} {"Mean reward",11} {"Accuracy",8} {"$/page",8} {"Late",6} {"Matched best",12}");
Console.WriteLine(new string('-', 88));
foreach (PolicyResult r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Policy,-38} {r.MeanReward,11:F4} {r.MeanAccuracy,8:F3} {r.MeanCostPerPage,8:F5} {r.LateShare,6:P1} {r.MatchedBest,12:P1}"));
}

// The learned policy without exploration, on documents it has not seen.
var holdoutIntake = new DocumentSimulator(unchecked(documentSeed + 1_000_003));
Document[] holdout = [.. Enumerable.Range(0, 2_000).Select(_ => holdoutIntake.NextDocument())];
int holdoutSeed = unchecked(outcomeSeed + 1_000_003);
PolicyResult greedy = Experiment.Run("LinUCB greedy", holdout, holdoutSeed, (doc, _) => selector.Decide(doc, explore: false).Action, null);
PolicyResult rule = Experiment.Run("Static rule", holdout, holdoutSeed, (doc, _) => doc.Scanned ? ocr : textExtract, null);
PolicyResult random = Experiment.Run("Random", holdout, holdoutSeed, (_, _) => uniform.Next(strategies.Count), null);
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"On 2,000 held-out documents: learned greedy policy {greedy.MeanReward:F4} (matched best {greedy.MatchedBest:P1}), static rule {rule.MeanReward:F4} ({rule.MatchedBest:P1}), random {random.MeanReward:F4} ({random.MatchedBest:P1})."));

Console.WriteLine();
Console.WriteLine($"Strategy share     {string.Join(" ", names.Select(n => $"{n,13}"))}");
Console.WriteLine($"{"LinUCB, learning",-18} {string.Join(" ", results[0].Choices.Select(c => string.Create(CultureInfo.InvariantCulture, $"{(double)c / results[0].Documents,13:P1}")))}");

Console.WriteLine();
Console.WriteLine("What the learned policy chooses, with the OKR breakdown of the strategy's expected outcome:");
Document[] examples =
[
    new(4, Scanned: false, HasTables: false, DocumentLanguage.English, 0.2),
    new(12, Scanned: false, HasTables: true, DocumentLanguage.German, 0.7),
    new(8, Scanned: true, HasTables: false, DocumentLanguage.English, 2.8),
    new(20, Scanned: true, HasTables: true, DocumentLanguage.English, 7.0),
    new(6, Scanned: true, HasTables: false, DocumentLanguage.Japanese, 2.1),
    new(60, Scanned: true, HasTables: false, DocumentLanguage.Arabic, 21.0),
];
Console.WriteLine($"  {"Document",-30} {"Chosen",-13} {"Best",-13} {"kr:accuracy",12} {"kr:cost_per_page",17} {"latency ≤ 90 s",15} {"Reward",8}");
string constraintTerm = "constraint:" + StrategySelector.Okr.Constraints[0].Name;
foreach (Document doc in examples)
{
    DecisionRecord decision = selector.Decide(doc, explore: false);
    RewardBreakdown breakdown = StrategySelector.Explain(strategies[decision.Action].Expected(doc));
    RewardTerm accuracyTerm = breakdown["kr:accuracy"];
    RewardTerm costTerm = breakdown["kr:cost_per_page"];
    RewardTerm latencyTerm = breakdown[constraintTerm];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {doc.Describe(),-30} {decision.ActionName,-13} {names[Experiment.Best(doc)],-13} {Signed(accuracyTerm.Contribution),12} {Signed(costTerm.Contribution),17} {Signed(latencyTerm.Contribution),15} {breakdown.Reward,8:F3}"));
}

// The constraint at work: an LLM with vision reads the long Arabic scan best but takes about 213 s.
Document longScan = examples[^1];
const int llmVision = 3;
RewardBreakdown late = StrategySelector.Explain(strategies[llmVision].Expected(longScan));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  {longScan.Describe(),-30} {names[llmVision] + " (not chosen)",-27} {Signed(late["kr:accuracy"].Contribution),12} {Signed(late["kr:cost_per_page"].Contribution),17} {Signed(late[constraintTerm].Contribution),15} {late.Reward,8:F3}"));

Directory.CreateDirectory(options.StateDirectory);
Snapshot.Save(selector, statePath);
Console.WriteLine();
Console.WriteLine($"Saved the learner to {options.StateDirectory} ({selector.Policy.UpdateCount:N0} updates); the next run resumes from it (--fresh to start over).");
return 0;

// Adding 0.0 turns a −0 contribution (weight −2 × no violation) into +0 before formatting.
static string Signed(double value) => (value + 0.0).ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
