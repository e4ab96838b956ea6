using System.Diagnostics;
using MathNet.Numerics.Distributions;
using Microsoft.Extensions.Time.Testing;
using RlCommons.Algorithms.Contextual;
using RlCommons.Decisions;
using RlCommons.Monitoring.OffPolicy;
using RlCommons.Randomness;

namespace RlCommons.Evaluation.Protocol;

/// <summary>
/// The decision spine under realistic reward traffic: a simulated contextual problem (five arms, linear expected
/// rewards θ_aᵀx with Gaussian noise) served by a decision point over an ε-greedy ridge bandit, on a simulated clock
/// (one decision per millisecond). Each decision's reward arrives after a random delay within the 10-second window,
/// after it (late), or never; some rewards are sent twice, some for ids never logged; rewards therefore arrive out of
/// order. At the end, the final greedy policy is evaluated off-policy on the log the decision point wrote and compared
/// with its true value.
/// </summary>
internal static class DecisionSimulation
{
    private const double Epsilon = 0.1;
    private const double NoiseStandardDeviation = 0.5;
    private const string PointName = "decision-sim";

    /// <summary>Runs the simulation.</summary>
    public static DecisionSimulationResult Run(DecisionSimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        const int arms = DecisionSimulationSettings.Arms;
        const int d = DecisionSimulationSettings.Dimension;
        var random = new Xoshiro256Random(unchecked((ulong)settings.Seed));
        double[] theta = [.. Enumerable.Range(0, arms * d).Select(_ => Normal.Sample(random, 0, 1) / Math.Sqrt(d))];
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        var policy = new LinearEpsilonGreedyBandit(new LinearEpsilonGreedyOptions { ArmCount = arms, Dimension = d, Epsilon = Epsilon, Seed = settings.Seed, TimeProvider = clock });
        var point = new DecisionPoint(policy, new DecisionPointOptions
        {
            Name = PointName,
            Seed = settings.Seed,
            AttributionWindow = DecisionSimulationSettings.Window,
            TimeProvider = clock,
        });

        // Rewards in flight, delivered in order of arrival time (ticks), not of decision.
        var inFlight = new PriorityQueue<(DecisionId Id, double Reward), long>();
        long windowTicks = DecisionSimulationSettings.Window.Ticks;
        long inWindow = 0, inWindowDuplicates = 0, late = 0, neverSent = 0, orphans = 0;
        var features = new float[d];
        features[d - 1] = 1;

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < settings.Decisions; i++)
        {
            Deliver(point, clock, inFlight, clock.GetUtcNow().Ticks);
            for (int j = 0; j < d - 1; j++)
            {
                features[j] = (float)((2 * random.NextDouble()) - 1);
            }

            DecisionRecord record = point.Decide(features);
            double reward = MeanReward(theta, features, record.Action) + Normal.Sample(random, 0, NoiseStandardDeviation);
            long now = clock.GetUtcNow().Ticks;
            double u = random.NextDouble();
            if (u < settings.MissingRate)
            {
                neverSent++;
            }
            else
            {
                bool isLate = u < settings.MissingRate + settings.LateRate;
                long delay = isLate
                    ? windowTicks + 1 + (long)(random.NextDouble() * windowTicks)
                    : (long)(random.NextDouble() * (windowTicks - 1));
                inFlight.Enqueue((record.EventId, reward), now + delay);
                bool duplicated = random.NextDouble() < settings.DuplicateRate;
                if (duplicated)
                {
                    inFlight.Enqueue((record.EventId, reward), now + delay + (long)(random.NextDouble() * windowTicks));
                }

                if (isLate)
                {
                    late += duplicated ? 2 : 1;
                }
                else
                {
                    inWindow++;
                    inWindowDuplicates += duplicated ? 1 : 0;
                }
            }

            if (random.NextDouble() < settings.OrphanRate)
            {
                inFlight.Enqueue((DecisionId.Create(clock.GetUtcNow(), ~unchecked((ulong)settings.Seed), i + 1), 1.0), now + 1);
                orphans++;
            }

            clock.Advance(TimeSpan.FromMilliseconds(1));
            if (i % 1_000 == 999)
            {
                point.CloseExpiredDecisions();
            }
        }

        Deliver(point, clock, inFlight, long.MaxValue);
        clock.Advance(DecisionSimulationSettings.Window + TimeSpan.FromMilliseconds(1));
        point.CloseExpiredDecisions();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var evaluator = new OffPolicyEvaluator(point.DecisionLog.ReadRewarded(PointName), policy, explore: false);
        OffPolicyEstimate estimate = evaluator.DoublyRobust();
        double truth = TrueValue(point.DecisionLog.Read(PointName), policy, theta);
        DecisionPointStatistics stats = point.GetStatistics();
        return new DecisionSimulationResult(
            stats.Decisions, stats.RewardsReceived, stats.RewardsLearned, stats.Duplicates, stats.Late, stats.Missing, stats.Orphans,
            estimate.Value, estimate.Interval.Low, estimate.Interval.High, truth, seconds)
        {
            Sent = new SentCounts(inWindow, inWindowDuplicates, late, neverSent, orphans),
            Logged = point.DecisionLog.Count,
        };
    }

    private static void Deliver(DecisionPoint point, FakeTimeProvider clock, PriorityQueue<(DecisionId Id, double Reward), long> inFlight, long until)
    {
        DateTimeOffset resume = clock.GetUtcNow();
        while (inFlight.TryPeek(out (DecisionId Id, double Reward) next, out long at) && at <= until)
        {
            inFlight.Dequeue();
            if (at > clock.GetUtcNow().Ticks)
            {
                clock.SetUtcNow(new DateTimeOffset(at, TimeSpan.Zero));
            }

            point.Reward(next.Id, next.Reward);
        }

        if (clock.GetUtcNow() < resume)
        {
            clock.SetUtcNow(resume);
        }
    }

    private static double MeanReward(double[] theta, ReadOnlySpan<float> x, int arm)
    {
        double sum = 0;
        for (int j = 0; j < x.Length; j++)
        {
            sum += theta[(arm * x.Length) + j] * x[j];
        }

        return sum;
    }

    // The greedy policy's value on the logged contexts: Σ_a π(a|x) μ(x, a), averaged.
    private static double TrueValue(IReadOnlyList<DecisionLogEntry> log, LinearEpsilonGreedyBandit policy, double[] theta)
    {
        var probabilities = new double[DecisionSimulationSettings.Arms];
        double total = 0;
        foreach (DecisionLogEntry entry in log)
        {
            ReadOnlySpan<float> x = entry.Decision.Features.Span;
            ((RlCommons.Policies.IPolicy)policy).GetProbabilities(x, probabilities, explore: false);
            for (int a = 0; a < probabilities.Length; a++)
            {
                total += probabilities[a] * MeanReward(theta, x, a);
            }
        }

        return total / log.Count;
    }
}
