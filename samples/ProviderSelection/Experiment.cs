using RlCommons.Algorithms.Contextual;
using RlCommons.Decisions;

namespace ProviderSelection;

/// <summary>Runs routing policies over the same simulated traffic and measures them.</summary>
public static class Experiment
{
    /// <summary>The expected reward of routing <paramref name="request"/> to <paramref name="provider"/> (noise-free quality, mean latency).</summary>
    /// <param name="provider">The provider's profile.</param>
    /// <param name="request">The request.</param>
    /// <returns>The expected reward.</returns>
    public static double ExpectedReward(ProviderProfile provider, LlmRequest request)
    {
        ArgumentNullException.ThrowIfNull(provider);
        LlmOutcome mean = provider.Expected(request);

        // Latency noise is log-normal with σ = 0.25: its mean factor is exp(σ²/2).
        var served = mean with { LatencySeconds = mean.LatencySeconds * Math.Exp(0.03125) };
        double errorRate = provider.ErrorRate(request);
        return ((1 - errorRate) * ProviderSelector.Reward(served)) + (errorRate * ProviderSelector.Reward(served with { Failed = true }));
    }

    /// <summary>
    /// Serves <paramref name="requests"/> with <paramref name="choose"/> and, when <paramref name="learner"/> is given,
    /// learns each outcome's reward.
    /// </summary>
    /// <param name="name">The policy's name.</param>
    /// <param name="requests">The traffic, the same for every policy.</param>
    /// <param name="outcomeSeed">Seed of the outcome noise, the same for every policy.</param>
    /// <param name="choose">Returns the provider index for a request.</param>
    /// <param name="learner">The learning selector, or null for static policies.</param>
    /// <returns>The measurements.</returns>
    public static PolicyResult Run(string name, IReadOnlyList<LlmRequest> requests, int outcomeSeed, Func<LlmRequest, DecisionRecord?, int> choose, ProviderSelector? learner)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(choose);
        var simulator = new ProviderSimulator(outcomeSeed);
        IReadOnlyList<ProviderProfile> providers = ProviderSimulator.Providers;
        var choices = new int[providers.Count];
        double rewardSum = 0, regret = 0, cost = 0;
        int errors = 0;
        foreach (LlmRequest request in requests)
        {
            DecisionRecord? decision = learner?.Decide(request);
            int provider = choose(request, decision);
            LlmOutcome outcome = simulator.Serve(provider, request);
            double reward = ProviderSelector.Reward(outcome);
            learner?.Reward(decision!.EventId, request, outcome);

            double best = double.NegativeInfinity;
            foreach (ProviderProfile p in providers)
            {
                best = Math.Max(best, ExpectedReward(p, request));
            }

            regret += best - ExpectedReward(providers[provider], request);
            rewardSum += reward;
            cost += outcome.CostDollars;
            errors += outcome.Failed ? 1 : 0;
            choices[provider]++;
        }

        int n = requests.Count;
        return new PolicyResult(name, n, rewardSum / n, regret, cost / n, (double)errors / n, choices);
    }
}
