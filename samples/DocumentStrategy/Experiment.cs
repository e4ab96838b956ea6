using RlCommons.Algorithms.Contextual;
using RlCommons.Decisions;

namespace DocumentStrategy;

/// <summary>Runs strategy policies over the same simulated documents and measures them.</summary>
public static class Experiment
{
    /// <summary>The reward of the noise-free outcome of <paramref name="strategy"/> on <paramref name="document"/>.</summary>
    /// <param name="strategy">The strategy's profile.</param>
    /// <param name="document">The document.</param>
    /// <returns>The reward.</returns>
    public static double ExpectedReward(StrategyProfile strategy, Document document)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return StrategySelector.Reward(strategy.Expected(document));
    }

    /// <summary>The strategy with the highest noise-free reward on <paramref name="document"/> (the first on ties).</summary>
    /// <param name="document">The document.</param>
    /// <returns>The strategy's index.</returns>
    public static int Best(Document document)
    {
        IReadOnlyList<StrategyProfile> strategies = DocumentSimulator.Strategies;
        int best = 0;
        for (int i = 1; i < strategies.Count; i++)
        {
            if (ExpectedReward(strategies[i], document) > ExpectedReward(strategies[best], document))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Processes <paramref name="documents"/> with <paramref name="choose"/> and, when <paramref name="learner"/> is
    /// given, learns each outcome's reward.
    /// </summary>
    /// <param name="name">The policy's name.</param>
    /// <param name="documents">The documents, the same for every policy.</param>
    /// <param name="outcomeSeed">Seed of the outcome noise, the same for every policy.</param>
    /// <param name="choose">Returns the strategy index for a document.</param>
    /// <param name="learner">The learning selector, or null for static policies.</param>
    /// <returns>The measurements.</returns>
    public static PolicyResult Run(string name, IReadOnlyList<Document> documents, int outcomeSeed, Func<Document, DecisionRecord?, int> choose, StrategySelector? learner)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(choose);
        var simulator = new DocumentSimulator(outcomeSeed);
        var choices = new int[DocumentSimulator.Strategies.Count];
        double rewardSum = 0, accuracy = 0, cost = 0;
        int late = 0, matched = 0;
        foreach (Document document in documents)
        {
            DecisionRecord? decision = learner?.Decide(document);
            int strategy = choose(document, decision);
            ExtractionOutcome outcome = simulator.Process(strategy, document);
            rewardSum += StrategySelector.Reward(outcome);
            learner?.Reward(decision!.EventId, document, outcome);
            accuracy += outcome.Accuracy;
            cost += outcome.CostPerPage;
            late += outcome.LatencySeconds > 90 ? 1 : 0;
            matched += strategy == Best(document) ? 1 : 0;
            choices[strategy]++;
        }

        int n = documents.Count;
        return new PolicyResult(name, n, rewardSum / n, accuracy / n, cost / n, (double)late / n, (double)matched / n, choices);
    }
}
