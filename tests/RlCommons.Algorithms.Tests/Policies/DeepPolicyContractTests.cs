using RlCommons.Algorithms.Tests.Hierarchical;
using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Dqn;
using RlCommons.Algorithms.Hierarchical;
using RlCommons.Policies;
using RlCommons.Algorithms.PolicyGradient;
using RlCommons.Algorithms.Sac;
using RlCommons.Snapshots;
using RlCommons.Spaces;
using Xunit;

namespace RlCommons.Algorithms.Tests.Policies;

/// <summary>
/// The <see cref="IPolicy"/> and <see cref="IContinuousPolicy"/> contracts as the deep and hierarchical agents implement
/// them: exact distributions, propensities that match them, seeded decisions, and probabilities that touch nothing.
/// </summary>
public sealed class DeepPolicyContractTests
{
    private const int Steps = 40;

    public static TheoryData<string> DiscreteKinds =>
        ["Dqn", "DqnDueling", "Ppo", "A2c", "Reinforce", "PpoLagrangian", "Smdp", "IntraOption", "OptionCritic", "NeuralOptionCritic", "NeuralSmdp"];

    public static TheoryData<string> DeepKinds => ["Dqn", "DqnDueling", "Ppo", "A2c", "Reinforce", "PpoLagrangian"];

    public static TheoryData<string> ContinuousKinds => ["PpoGaussian", "A2cGaussian", "ReinforceGaussian", "PpoLagrangianGaussian", "Sac"];

    [Theory]
    [MemberData(nameof(DiscreteKinds))]
    public void GetProbabilities_EveryDiscreteAgent_InUnitIntervalAndSumToOne(string kind)
    {
        var driver = Driver.Create(kind, seed: 1);
        var probabilities = new double[driver.Policy.ActionCount];
        for (int step = 0; step < Steps; step++)
        {
            float[] features = driver.Features();
            foreach (bool explore in new[] { true, false })
            {
                driver.Policy.GetProbabilities(features, probabilities, explore);
                Assert.All(probabilities, p => Assert.InRange(p, 0.0, 1.0));
                Assert.Equal(1.0, probabilities.Sum(), 12);
            }

            driver.After(driver.Policy.Decide(features, default, explore: true).Action);
        }
    }

    [Theory]
    [MemberData(nameof(DiscreteKinds))]
    public void Decide_EveryDiscreteAgent_PropensityAndDistributionEqualGetProbabilitiesJustBefore(string kind)
    {
        var driver = Driver.Create(kind, seed: 2);
        int n = driver.Policy.ActionCount;
        var before = new double[n];
        var filled = new double[n + 2]; // longer than needed: only the first ActionCount are the distribution
        for (int step = 0; step < Steps; step++)
        {
            bool explore = step % 4 != 3;
            float[] features = driver.Features();
            driver.Policy.GetProbabilities(features, before, explore);
            Decision decision = driver.Policy.Decide(features, filled, explore);

            Assert.Equal(before, filled[..n]);
            Assert.Equal(before[decision.Action], decision.Propensity);
            Assert.True(decision.Propensity > 0, $"{kind} chose action {decision.Action} of probability 0");
            Assert.Equal(!DiscreteIsMode(before, decision.Action), decision.Explored);
            Assert.True(decision.Sequence > 0);
            driver.After(decision.Action);
        }
    }

    [Theory]
    [MemberData(nameof(DiscreteKinds))]
    public void Decide_SameSeed_SameDecisions(string kind)
    {
        List<Decision> first = Play(Driver.Create(kind, seed: 3), Steps);
        List<Decision> second = Play(Driver.Create(kind, seed: 3), Steps);
        List<Decision> other = Play(Driver.Create(kind, seed: 4), Steps);

        Assert.Equal(first, second);
        Assert.Equal(Enumerable.Range(1, Steps).Select(i => (long)i), first.Select(d => d.Sequence));
        Assert.NotEqual(first.Select(d => d.Seed), other.Select(d => d.Seed));
    }

    [Theory]
    [MemberData(nameof(DiscreteKinds))]
    public void GetProbabilities_ManyCalls_ConsumeNoRandomnessAndChangeNoState(string kind)
    {
        var quiet = Driver.Create(kind, seed: 5);
        var busy = Driver.Create(kind, seed: 5);
        var probabilities = new double[busy.Policy.ActionCount];
        for (int step = 0; step < Steps; step++)
        {
            float[] features = busy.Features();
            byte[] snapshot = Bytes(busy.Policy);
            for (int i = 0; i < 5; i++)
            {
                busy.Policy.GetProbabilities(features, probabilities, explore: i % 2 == 0);
            }

            Assert.Equal(snapshot, Bytes(busy.Policy));
            Decision expected = quiet.Policy.Decide(quiet.Features(), default);
            Decision actual = busy.Policy.Decide(features, default);
            Assert.Equal(expected, actual);
            quiet.After(expected.Action);
            busy.After(actual.Action);
        }
    }

    [Theory]
    [MemberData(nameof(DeepKinds))]
    public void Decide_DeepAgent_LeavesTheLearningStateAndTheActingStreamUntouched(string kind)
    {
        // Decide draws from its own per-decision generator: the payload (networks, ε, the generators of Act and
        // training) is byte-equal afterwards but for the decision stream at its end, and Act then draws as it would have.
        var driver = Driver.Create(kind, seed: 6);
        var twin = Driver.Create(kind, seed: 6);
        byte[] before = LearningState(driver.Policy);
        for (int step = 0; step < Steps; step++)
        {
            driver.Policy.Decide(driver.Features(), default, explore: step % 2 == 0);
        }

        Assert.Equal(before, LearningState(driver.Policy));
        Assert.NotEqual(Bytes(twin.Policy), Bytes(driver.Policy)); // the counter moved, and is in the snapshot
        float[] observation = driver.Features();
        Assert.Equal(
            Enumerable.Range(0, 20).Select(_ => ActOnce(twin.Policy, observation)),
            Enumerable.Range(0, 20).Select(_ => ActOnce(driver.Policy, observation)));
    }

    [Theory]
    [MemberData(nameof(DeepKinds))]
    public void Decide_RestoredFromASnapshot_RepeatsTheDecisions(string kind)
    {
        var original = Driver.Create(kind, seed: 16);
        Play(original, 7);
        byte[] snapshot = Bytes(original.Policy);
        List<Decision> expected = Play(original, 10);

        var fresh = Driver.Create(kind, seed: 17);
        Snapshot.Load((ISnapshotable)fresh.Policy, snapshot);
        for (int i = 0; i < 7; i++)
        {
            fresh.After(0); // a deep agent's features follow the step count
        }

        Assert.Equal(expected, Play(fresh, 10));
        Assert.Equal(8, expected[0].Sequence);
    }

    [Fact]
    public void ReadSnapshot_VersionOnePayload_LoadsAndKeepsTheDecisionCounter()
    {
        var source = new DqnAgent(3, 4, DqnOptions(seed: 18, epsilon: 0.3));
        source.Decide([1f, 2f, 3f], default);
        var target = new DqnAgent(3, 4, DqnOptions(seed: 19, epsilon: 0.3));
        target.Decide([1f, 2f, 3f], default);
        target.Decide([1f, 2f, 3f], default);
        byte[] payload = RawSnapshot.PayloadOf(source)[..^24]; // a version-1 payload has no decision stream

        Snapshot.Load(target, RawSnapshot.Wrap(target.SnapshotType, payload, version: 1));

        Assert.Equal(2, target.DecisionCount);
        Assert.Equal(LearningState(source), LearningState(target));
        Assert.Equal(2, target.SnapshotVersion);
    }

    [Fact]
    public void Decide_DqnManyDecisions_FrequenciesMatchEpsilonGreedy()
    {
        var agent = new DqnAgent(3, 4, DqnOptions(seed: 7, epsilon: 0.3));
        float[] observation = [0.4f, -1.2f, 0.7f];
        var probabilities = new double[4];
        agent.GetProbabilities(observation, probabilities);

        // ε-greedy with ε = 0.3 over 4 actions: 0.075 each, plus 0.7 on the greedy one.
        Assert.Equal(0.3, agent.Epsilon);
        Assert.Equal(1, probabilities.Count(p => Math.Abs(p - 0.775) < 1e-12));
        Assert.Equal(3, probabilities.Count(p => Math.Abs(p - 0.075) < 1e-12));
        AssertFrequencies(probabilities, () => agent.Decide(observation, default).Action, draws: 40_000);
    }

    [Fact]
    public void Decide_DqnWithMask_MaskedActionsHaveProbabilityZeroAndAreNeverChosen()
    {
        var agent = new DqnAgent(3, 4, DqnOptions(seed: 8, epsilon: 0.5));
        float[] observation = [0.4f, -1.2f, 0.7f];
        bool[] mask = [true, false, true, false];
        var probabilities = new double[4];
        agent.GetProbabilities(observation, mask, probabilities);

        Assert.Equal(0, probabilities[1]);
        Assert.Equal(0, probabilities[3]);
        Assert.Equal(1.0, probabilities[0] + probabilities[2], 12);
        Assert.Equal(0.75, Math.Max(probabilities[0], probabilities[2]), 12);
        AssertFrequencies(probabilities, () => agent.Decide(observation, mask, default).Action, draws: 20_000);
    }

    [Fact]
    public void GetProbabilities_DqnGreedy_IsOneOnTheArgMaxOfTheQValues()
    {
        var agent = new DqnAgent(3, 4, DqnOptions(seed: 9, epsilon: 0.3));
        float[] observation = [1f, 2f, -3f];
        var q = new float[4];
        agent.QValues(observation, q);
        var probabilities = new double[4];
        agent.GetProbabilities(observation, probabilities, explore: false);

        int best = Array.IndexOf(q, q.Max());
        Assert.Equal(1.0, probabilities[best]);
        Assert.Equal(best, agent.Predict(observation, deterministic: true));
        Assert.Equal(best, agent.Decide(observation, default, explore: false).Action);
    }

    [Fact]
    public void Decide_PpoManyDecisions_FrequenciesMatchTheCategorical()
    {
        // A short training run on the two-step chain moves the categorical well away from uniform.
        PpoAgent agent = TrainedPpo();
        float[] observation = TwoStepChain.Observation(0);
        var probabilities = new double[3];
        agent.GetProbabilities(observation, probabilities);

        Assert.True(probabilities.Max() > 0.5, $"the trained policy is still near uniform: [{string.Join(", ", probabilities)}]");
        AssertFrequencies(probabilities, () => agent.Decide(observation, Span<double>.Empty).Action, draws: 40_000);
    }

    [Fact]
    public void GetProbabilities_Ppo_IsTheSoftmaxOfTheLogProbabilitiesAndGreedyIsTheMode()
    {
        PpoAgent agent = TrainedPpo();
        float[] observation = TwoStepChain.Observation(1);
        var probabilities = new double[3];
        agent.GetProbabilities(observation, probabilities);
        var greedy = new double[3];
        agent.GetProbabilities(observation, greedy, explore: false);

        int mode = agent.Predict(observation, deterministic: true);
        Assert.Equal(Array.IndexOf(probabilities, probabilities.Max()), mode);
        Assert.Equal(1.0, greedy[mode]);
        Assert.Equal(mode, agent.Decide(observation, Span<double>.Empty, explore: false).Action);
    }

    [Fact]
    public void GetProbabilities_PpoWithMask_RenormalizesOverTheAllowedActions()
    {
        PpoAgent agent = TrainedPpo();
        float[] observation = TwoStepChain.Observation(0);
        var full = new double[3];
        agent.GetProbabilities(observation, full);
        var masked = new double[3];
        bool[] mask = [true, false, true];
        agent.GetProbabilities(observation, mask, masked);

        Assert.Equal(0, masked[1]);
        Assert.Equal(full[0] / (full[0] + full[2]), masked[0], 6); // the logits are float: max-shifted differently, they round differently
        Assert.Equal(full[2] / (full[0] + full[2]), masked[2], 6);
        for (int i = 0; i < 200; i++)
        {
            Assert.NotEqual(1, agent.Decide(observation, mask, default).Action);
        }
    }

    [Fact]
    public void GetProbabilities_SmdpOptionEndingWhereItStarted_ChoosesOnTheUpdatedValues()
    {
        // Option "loop" starts in 0, steps right (reward 1), then left back to 0 (reward 2), where it ends with
        // probability ½. Its termination updates Q(0, loop) to α·(1 + 2γ) = 1.4 before the next choice, so that choice
        // is "loop" again (greedy) although the table still ties loop and stay at 0.
        var agent = LoopAgent(seed: FirstSeedChoosingLoop(), epsilon: 0.2);
        Assert.Equal(0, agent.CurrentOption);
        agent.Learn(1, 1, terminal: false);
        Assert.Equal(0, agent.Act(1));
        agent.Learn(2, 0, terminal: false);
        var greedy = new double[2];
        agent.GetProbabilities([0f], greedy, explore: false);
        var exploring = new double[2];
        agent.GetProbabilities([0f], exploring);

        // P(right) = (1 − β) + β·c′(loop): greedy c′(loop) = 1; ε-greedy c′(loop) = 0.8 + 0.2/2.
        Assert.Equal([0.0, 1.0], greedy);
        Assert.Equal(0.05, exploring[0], 12);
        Assert.Equal(0.95, exploring[1], 12);
        Assert.Equal(0.0, agent.GetQ(0, 0));
    }

    [Fact]
    public void Decide_OptionValueAgentWithRunningOption_FrequenciesOverSeedsMatchTheMixture()
    {
        // In state 1 with "loop" running (β(1) = 0.6 here), it goes on left with probability 0.4; else stay (left) or
        // hop (right) is chosen, tied at 0: P(left) = 0.4 + 0.6·(0.2/2 + 0.8/2) = 0.7.
        var probabilities = new double[2];
        var counts = new int[2];
        int runs = 0;
        for (long seed = 0; runs < 20_000; seed++)
        {
            var agent = LoopAgent(seed, epsilon: 0.2, betaInOne: 0.6);
            if (agent.CurrentOption != 0)
            {
                continue;
            }

            agent.Learn(0, 1, terminal: false);
            agent.GetProbabilities([1f], probabilities);
            counts[agent.Decide([1f], default).Action]++;
            runs++;
        }

        Assert.Equal(0.7, probabilities[0], 12);
        AssertCounts(probabilities, counts, runs);
    }

    [Fact]
    public void GetProbabilities_OptionCriticWithRunningOption_MixesTheOptionsPolicies()
    {
        var agent = new OptionCriticAgent(new OptionCriticOptions { StateCount = 3, ActionCount = 2, OptionCount = 2, Epsilon = 0.2, Temperature = 0.5, Seed = 11 });
        agent.Decide([0f], default);
        agent.Learn(1, 1, terminal: false);
        int running = agent.CurrentOption;
        double beta = agent.GetTerminationProbability(running, 1);
        var inner = new[] { new double[2], new double[2] };
        agent.GetActionProbabilities(0, 1, inner[0]);
        agent.GetActionProbabilities(1, 1, inner[1]);
        double[] q = [agent.GetOptionValue(1, 0), agent.GetOptionValue(1, 1)];
        double[] choice = q[0] == q[1] ? [0.5, 0.5] : q[0] > q[1] ? [0.9, 0.1] : [0.1, 0.9];
        var probabilities = new double[2];
        agent.GetProbabilities([1f], probabilities);

        for (int a = 0; a < 2; a++)
        {
            double expected = ((1 - beta) * inner[running][a]) + (beta * ((choice[0] * inner[0][a]) + (choice[1] * inner[1][a])));
            Assert.Equal(expected, probabilities[a], 12);
        }
    }

    [Fact]
    public void GetProbabilities_NeuralSmdpWhenATerminationTrains_PutsTheTerminationMassOnTheTrainedChoice()
    {
        // Batch size 4: once the replay holds a batch, a termination trains the network before the next option is
        // chosen, and the agent reports that choice from a restored copy it trains the same way. Greedily, the option
        // the agent then picks is the trained network's argmax, so its action carries at least the mass β(s).
        var driver = Driver.Create("NeuralSmdp", seed: 12);
        var agent = (NeuralSmdpQLearningAgent)driver.Policy;
        var probabilities = new double[2];
        int checkedTerminations = 0;
        for (int step = 0; step < 400; step++)
        {
            float[] features = driver.Features();
            int state = (int)features[0];
            int running = agent.CurrentOption;
            long gradientSteps = agent.GradientSteps;
            agent.GetProbabilities(features, probabilities, explore: false);
            byte[] before = Bytes(agent);
            Decision decision = agent.Decide(features, default, explore: false);
            if (running >= 0 && agent.GradientSteps > gradientSteps)
            {
                double beta = agent.Options[running].TerminationAt(state);
                Assert.True(probabilities[decision.Action] >= beta - 1e-12, $"step {step}: p = {probabilities[decision.Action]}, β = {beta}");
                checkedTerminations++;

                // And the report is what a restored copy (the same state) reports.
                var copy = (NeuralSmdpQLearningAgent)Driver.Create("NeuralSmdp", seed: 99).Policy;
                Snapshot.Load(copy, before);
                var copied = new double[2];
                copy.GetProbabilities(features, copied, explore: false);
                Assert.Equal(probabilities, copied);
            }

            driver.After(decision.Action);
        }

        Assert.True(checkedTerminations > 5, $"only {checkedTerminations} trained terminations");
    }

    [Theory]
    [MemberData(nameof(DiscreteKinds))]
    public void Decide_BadInput_ThrowsArgumentExceptionNamingTheParameter(string kind)
    {
        var driver = Driver.Create(kind, seed: 13);
        IPolicy policy = driver.Policy;
        float[] features = driver.Features();
        float[] tooLong = [.. features, 0f];
        float[] notFinite = [.. features];
        notFinite[^1] = float.NaN;

        Assert.Equal("features", Assert.Throws<ArgumentException>(() => policy.Decide(tooLong, default)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => policy.GetProbabilities(tooLong, new double[policy.ActionCount])).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => policy.GetProbabilities(notFinite, new double[policy.ActionCount])).ParamName);
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => policy.GetProbabilities(features, new double[policy.ActionCount - 1])).ParamName);
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => policy.GetProbabilities(features, default)).ParamName);
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => policy.Decide(features, new double[1])).ParamName);

        // Nothing changed: the first decision is still decision 1.
        Assert.Equal(1, policy.Decide(features, default).Sequence);
    }

    [Fact]
    public void Decide_BadMasksAndWrongActionSpace_Throw()
    {
        var dqn = new DqnAgent(3, 4, DqnOptions(seed: 14, epsilon: 0.3));
        float[] observation = [0f, 0f, 0f];
        Assert.Equal("actionMask", Assert.Throws<ArgumentException>(() => dqn.Decide(observation, [true, false], default)).ParamName);
        Assert.Equal("actionMask", Assert.Throws<ArgumentException>(() => dqn.GetProbabilities(observation, new bool[4], new double[4])).ParamName);

        var ppo = new PpoAgent(3, 4, PpoOptions(seed: 14));
        Assert.Equal("actionMask", Assert.Throws<ArgumentException>(() => ppo.Decide(observation, [true], default)).ParamName);
        Assert.Throws<InvalidOperationException>(() => ppo.Decide(observation, new float[1]));
        Assert.Throws<InvalidOperationException>(() => ppo.LogDensity(observation, new float[1]));

        var gaussian = new PpoAgent(3, new BoxSpace(-1f, 1f, 1), PpoOptions(seed: 14));
        Assert.Throws<InvalidOperationException>(() => gaussian.Decide(observation, Span<double>.Empty));
        Assert.Throws<InvalidOperationException>(() => gaussian.GetProbabilities(observation, new double[1]));
    }

    [Fact]
    public void Decide_HierarchicalBadStateOrOrder_Throws()
    {
        var agent = (OptionValueAgent)Driver.Create("Smdp", seed: 15).Policy;
        var probabilities = new double[2];
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => agent.Decide([1.5f], default)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => agent.Decide([6f], default)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => agent.GetProbabilities([-1f], probabilities)).ParamName);

        agent.Decide([0f], default);
        Assert.Throws<InvalidOperationException>(() => agent.Decide([0f], default));
        Assert.Throws<InvalidOperationException>(() => agent.GetProbabilities([0f], probabilities));
        Assert.Equal(1, agent.DecisionCount);
    }

    [Theory]
    [MemberData(nameof(ContinuousKinds))]
    public void Decide_EveryContinuousAgent_ReturnsTheLogDensityOfTheWrittenAction(string kind)
    {
        IContinuousPolicy policy = CreateContinuous(kind, seed: 20);
        var action = new float[policy.ActionDimension];
        for (int step = 0; step < Steps; step++)
        {
            float[] features = ContinuousFeatures(step);
            double logDensity = policy.Decide(features, action);

            Assert.True(double.IsFinite(logDensity));
            Assert.Equal(logDensity, policy.LogDensity(features, action), 4);
            Assert.Equal(double.PositiveInfinity, policy.Decide(features, action, explore: false));
        }
    }

    [Theory]
    [MemberData(nameof(ContinuousKinds))]
    public void Decide_ContinuousSameSeed_SameActionsAndNoLearningStateChange(string kind)
    {
        IContinuousPolicy first = CreateContinuous(kind, seed: 21);
        IContinuousPolicy second = CreateContinuous(kind, seed: 21);
        IContinuousPolicy other = CreateContinuous(kind, seed: 22);
        byte[] before = LearningState(first);
        var a = new float[first.ActionDimension];
        var b = new float[first.ActionDimension];
        var c = new float[first.ActionDimension];
        bool differs = false;
        for (int step = 0; step < Steps; step++)
        {
            float[] features = ContinuousFeatures(step);
            Assert.Equal(first.Decide(features, a), second.Decide(features, b));
            Assert.Equal(a, b);
            other.Decide(features, c);
            differs |= !a.AsSpan().SequenceEqual(c);
        }

        Assert.True(differs);
        Assert.Equal(before, LearningState(first));
    }

    [Theory]
    [MemberData(nameof(ContinuousKinds))]
    public void Decide_ContinuousRestoredFromASnapshot_RepeatsTheDecisions(string kind)
    {
        IContinuousPolicy original = CreateContinuous(kind, seed: 28);
        var action = new float[original.ActionDimension];
        for (int step = 0; step < 5; step++)
        {
            original.Decide(ContinuousFeatures(step), action);
        }

        byte[] snapshot = Bytes(original);
        IContinuousPolicy restored = CreateContinuous(kind, seed: 29);
        Snapshot.Load((ISnapshotable)restored, snapshot);
        var again = new float[original.ActionDimension];
        for (int step = 5; step < 15; step++)
        {
            Assert.Equal(original.Decide(ContinuousFeatures(step), action), restored.Decide(ContinuousFeatures(step), again));
            Assert.Equal(action, again);
        }
    }

    [Fact]
    public void LogDensity_PpoGaussian_MatchesTheHandComputedNormalAndIntegratesToOne()
    {
        var agent = new PpoAgent(3, new BoxSpace(-1f, 1f, 1), PpoOptions(seed: 23, logStdInit: -0.5));
        float[] observation = [0.3f, -0.2f, 0.9f];
        var mean = new float[1];
        agent.Decide(observation, mean, explore: false);
        double sigma = Math.Exp(-0.5);

        // log N(x; μ, σ) = −(x − μ)²/(2σ²) − log σ − ½ log 2π, at x = μ + 1.3 (outside the box: the Gaussian is unbounded).
        float x = mean[0] + 1.3f;
        double z = (x - mean[0]) / sigma;
        double expected = (-0.5 * z * z) + 0.5 - (0.5 * Math.Log(2 * Math.PI));
        Assert.Equal(expected, agent.LogDensity(observation, [x]), 6);

        double integral = Integrate(y => Math.Exp(agent.LogDensity(observation, [(float)y])), mean[0] - (12 * sigma), mean[0] + (12 * sigma), 20_000);
        Assert.Equal(1.0, integral, 4);
    }

    [Fact]
    public void Decide_PpoGaussianManyDraws_MeanAndSpreadMatchTheDensity()
    {
        var agent = new PpoAgent(3, new BoxSpace(-1f, 1f, 1), PpoOptions(seed: 24, logStdInit: -0.5));
        float[] observation = [0.3f, -0.2f, 0.9f];
        var mean = new float[1];
        agent.Decide(observation, mean, explore: false);
        var action = new float[1];
        const int Draws = 20_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < Draws; i++)
        {
            agent.Decide(observation, action);
            sum += action[0];
            squares += action[0] * action[0];
        }

        double sampleMean = sum / Draws;
        double sampleVariance = (squares / Draws) - (sampleMean * sampleMean);
        double sigma = Math.Exp(-0.5);

        // 4.5 standard errors: the mean's is σ/√N, the variance's √2·σ²/√N.
        Assert.InRange(sampleMean - mean[0], -4.5 * sigma / Math.Sqrt(Draws), 4.5 * sigma / Math.Sqrt(Draws));
        Assert.InRange(sampleVariance - (sigma * sigma), -4.5 * Math.Sqrt(2) * sigma * sigma / Math.Sqrt(Draws), 4.5 * Math.Sqrt(2) * sigma * sigma / Math.Sqrt(Draws));
    }

    [Fact]
    public void LogDensity_Sac_MatchesTheHandComputedSquashedRescaledNormalAndIntegratesToOne()
    {
        var box = new BoxSpace(-2f, 2f, 1);
        var agent = new SacAgent(3, box, SacOptions(seed: 25));
        float[] observation = [0.3f, -0.2f, 0.9f];
        var output = new float[2];
        agent.Actor.Predict(observation, output);
        double mu = output[0];
        double logSigma = Math.Clamp(output[1], -20, 2);

        // y = 0.7 in [−2, 2]: a = y/2 = 0.35, u = atanh(a); log π(y) = log N(u; μ, σ) − log(1 − a²) − log 2.
        double a = 0.35;
        double u = Math.Atanh(a);
        double z = (u - mu) / Math.Exp(logSigma);
        double expected = (-0.5 * z * z) - logSigma - (0.5 * Math.Log(2 * Math.PI)) - Math.Log(1 - (a * a)) - Math.Log(2);
        Assert.Equal(expected, agent.LogDensity(observation, [0.7f]), 6);

        double integral = Integrate(y => Math.Exp(agent.LogDensity(observation, [(float)y])), -2, 2, 40_000);
        Assert.Equal(1.0, integral, 3);
        Assert.Equal(double.NegativeInfinity, agent.LogDensity(observation, [2f]));
        Assert.Equal(double.NegativeInfinity, agent.LogDensity(observation, [-2.5f]));

        var mode = new float[1];
        Assert.Equal(double.PositiveInfinity, agent.Decide(observation, mode, explore: false));
        Assert.Equal(2 * Math.Tanh(mu), mode[0], 5);
    }

    [Fact]
    public void LogDensity_SacTwoDimensionalBox_AddsTheTermsOfEachComponent()
    {
        var box = new BoxSpace([0f, -1f], [4f, 3f]);
        var agent = new SacAgent(3, box, SacOptions(seed: 26));
        float[] observation = [1f, 0f, -1f];
        var output = new float[4];
        agent.Actor.Predict(observation, output);
        float[] y = [1f, 2.5f];

        double expected = 0;
        for (int i = 0; i < 2; i++)
        {
            double half = (box.High[i] - box.Low[i]) / 2.0;
            double a = (y[i] - ((box.High[i] + box.Low[i]) / 2.0)) / half;
            double logSigma = Math.Clamp(output[2 + i], -20, 2);
            double z = (Math.Atanh(a) - output[i]) / Math.Exp(logSigma);
            expected += (-0.5 * z * z) - logSigma - (0.5 * Math.Log(2 * Math.PI)) - Math.Log(1 - (a * a)) - Math.Log(half);
        }

        Assert.Equal(expected, agent.LogDensity(observation, y), 6);
    }

    [Theory]
    [MemberData(nameof(ContinuousKinds))]
    public void Decide_ContinuousBadInput_ThrowsArgumentExceptionNamingTheParameter(string kind)
    {
        IContinuousPolicy policy = CreateContinuous(kind, seed: 27);
        float[] features = ContinuousFeatures(0);
        var action = new float[policy.ActionDimension];

        Assert.Equal("features", Assert.Throws<ArgumentException>(() => policy.Decide(features.AsSpan(0, 2), action)).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => policy.LogDensity([0f, float.PositiveInfinity, 0f], action)).ParamName);
        Assert.Equal("action", Assert.Throws<ArgumentException>(() => policy.Decide(features, new float[policy.ActionDimension + 1])).ParamName);
        Assert.Equal("action", Assert.Throws<ArgumentException>(() => policy.LogDensity(features, new float[policy.ActionDimension + 1])).ParamName);
        Assert.Equal("action", Assert.Throws<ArgumentException>(() => policy.LogDensity(features, [float.NaN])).ParamName);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static byte[] Bytes(object agent) => Snapshot.ToBytes((ISnapshotable)agent, FixedTimeProvider.Instance);

    // A deep agent's payload without the decision stream of Decide (seed and two counters, 24 bytes at its end).
    private static byte[] LearningState(object agent) => RawSnapshot.PayloadOf((ISnapshotable)agent)[..^24];

    private static bool DiscreteIsMode(double[] probabilities, int action) => probabilities.All(p => p <= probabilities[action]);

    private static List<Decision> Play(Driver driver, int steps)
    {
        var decisions = new List<Decision>(steps);
        for (int step = 0; step < steps; step++)
        {
            Decision decision = driver.Policy.Decide(driver.Features(), default, explore: step % 3 != 2);
            decisions.Add(decision);
            driver.After(decision.Action);
        }

        return decisions;
    }

    private static int ActOnce(IPolicy policy, float[] observation) => policy switch
    {
        DqnAgent dqn => dqn.Act(observation, explore: true),
        OnPolicyAgent agent => agent.Predict(observation, deterministic: false),
        _ => throw new ArgumentException("Not a deep agent.", nameof(policy)),
    };

    // Every frequency within 4.5 binomial standard errors (plus 1e-9 for the exact zeros) of its probability.
    private static void AssertFrequencies(double[] probabilities, Func<int> draw, int draws)
    {
        var counts = new int[probabilities.Length];
        for (int i = 0; i < draws; i++)
        {
            counts[draw()]++;
        }

        AssertCounts(probabilities, counts, draws);
    }

    private static void AssertCounts(double[] probabilities, int[] counts, int draws)
    {
        for (int a = 0; a < probabilities.Length; a++)
        {
            double p = probabilities[a];
            double bound = (4.5 * Math.Sqrt(p * (1 - p) / draws)) + 1e-9;
            Assert.InRange((double)counts[a] / draws, p - bound, p + bound);
        }
    }

    // The midpoint rule.
    private static double Integrate(Func<double, double> f, double from, double to, int intervals)
    {
        double width = (to - from) / intervals;
        double sum = 0;
        for (int i = 0; i < intervals; i++)
        {
            sum += f(from + ((i + 0.5) * width));
        }

        return sum * width;
    }

    private static float[] ContinuousFeatures(int step) => [MathF.Sin(step), MathF.Cos(1.3f * step), 0.5f * (step % 3)];

    private static DqnOptions DqnOptions(long seed, double epsilon, bool dueling = false) => new()
    {
        Seed = seed,
        HiddenSizes = [16],
        BufferSize = 1_000,
        ExplorationInitialEpsilon = epsilon,
        Dueling = dueling,
        TimeProvider = FixedTimeProvider.Instance,
    };

    private static PpoOptions PpoOptions(long seed, double logStdInit = 0) => new()
    {
        Seed = seed,
        PolicyHiddenSizes = [16],
        ValueHiddenSizes = [16],
        NSteps = 64,
        BatchSize = 32,
        Epochs = 4,
        LogStdInit = logStdInit,
        TimeProvider = FixedTimeProvider.Instance,
    };

    private static SacOptions SacOptions(long seed) => new()
    {
        Seed = seed,
        HiddenSizes = [16, 16],
        BatchSize = 32,
        BufferSize = 1_000,
        TimeProvider = FixedTimeProvider.Instance,
    };

    private static PpoAgent TrainedPpo()
    {
        PpoOptions options = PpoOptions(seed: 30);
        options.LearningRate = 3e-3;
        var agent = new PpoAgent(2, 3, options);
        agent.Learn(new TwoStepChain(), 3_000);
        return agent;
    }

    private static IContinuousPolicy CreateContinuous(string kind, long seed)
    {
        var box = new BoxSpace(-1f, 2f, 1);
        return kind switch
        {
            "PpoGaussian" => new PpoAgent(3, box, PpoOptions(seed, logStdInit: -0.3)),
            "A2cGaussian" => new A2cAgent(3, box, new A2cOptions { Seed = seed, PolicyHiddenSizes = [16], ValueHiddenSizes = [16], TimeProvider = FixedTimeProvider.Instance }),
            "ReinforceGaussian" => new ReinforceAgent(3, box, new ReinforceOptions { Seed = seed, PolicyHiddenSizes = [16], ValueHiddenSizes = [16], TimeProvider = FixedTimeProvider.Instance }),
            "PpoLagrangianGaussian" => new PpoLagrangianAgent(3, box, Lagrangian(seed)),
            _ => new SacAgent(3, box, SacOptions(seed)),
        };
    }

    private static PpoLagrangianOptions Lagrangian(long seed) => new()
    {
        Seed = seed,
        PolicyHiddenSizes = [16],
        ValueHiddenSizes = [16],
        NSteps = 64,
        BatchSize = 32,
        CostFunction = (observation, _) => observation[0] > 0 ? 1 : 0,
        CostLimit = 5,
        TimeProvider = FixedTimeProvider.Instance,
    };

    // Options on three states: "loop" (starts in 0 only: right in 0, left in 1; ends in 0 with probability ½, in 1
    // with betaInOne), "stay" (starts anywhere, always left, ends everywhere) and "hop" (starts in 1, right, ends).
    private static SmdpQLearningAgent LoopAgent(long seed, double epsilon, double betaInOne = 0) => new SmdpQLearningAgent(new SmdpQLearningOptions
    {
        StateCount = 3,
        ActionCount = 2,
        OptionSet =
        [
            Option.Create("loop", [true, false, false], [1, 0, -1], [0.5, betaInOne, 1]),
            Option.Create("stay", [true, true, true], [0, 0, 0], [1, 1, 1]),
            Option.Create("hop", [false, true, false], [-1, 1, -1], [1, 1, 1]),
        ],
        LearningRate = 0.5,
        DiscountFactor = 0.9,
        Epsilon = epsilon,
        Seed = seed,
    }).Also(agent => agent.Decide([0f], default, explore: false));

    private static long FirstSeedChoosingLoop()
    {
        for (long seed = 0; ; seed++)
        {
            if (LoopAgent(seed, epsilon: 0.2).CurrentOption == 0)
            {
                return seed;
            }
        }
    }

    /// <summary>One agent behind <see cref="IPolicy"/>, with what its features are and what must follow a decision.</summary>
    private sealed class Driver
    {
        private readonly Func<int, float[]> _features;
        private readonly Action<int, int, double, bool>? _learn;
        private int _state;
        private int _step;

        private Driver(IPolicy policy, Func<int, float[]> features, Action<int, int, double, bool>? learn)
        {
            Policy = policy;
            _features = features;
            _learn = learn;
        }

        public IPolicy Policy { get; }

        public static Driver Create(string kind, long seed) => kind switch
        {
            "Dqn" => Deep(new DqnAgent(3, 4, DqnOptions(seed, epsilon: 0.3))),
            "DqnDueling" => Deep(new DqnAgent(3, 4, DqnOptions(seed, epsilon: 0.3, dueling: true))),
            "Ppo" => Deep(new PpoAgent(3, 4, PpoOptions(seed))),
            "A2c" => Deep(new A2cAgent(3, 4, new A2cOptions { Seed = seed, PolicyHiddenSizes = [16], ValueHiddenSizes = [16], TimeProvider = FixedTimeProvider.Instance })),
            "Reinforce" => Deep(new ReinforceAgent(3, 4, new ReinforceOptions { Seed = seed, PolicyHiddenSizes = [16], ValueHiddenSizes = [16], TimeProvider = FixedTimeProvider.Instance })),
            "PpoLagrangian" => Deep(new PpoLagrangianAgent(3, 4, Lagrangian(seed))),
            "Smdp" => Tabular(new SmdpQLearningAgent(new SmdpQLearningOptions { StateCount = 6, ActionCount = 2, OptionSet = FractionalOptions(), Epsilon = 0.3, LearningRate = 0.5, Seed = seed })),
            "IntraOption" => Tabular(new IntraOptionQLearningAgent(new IntraOptionQLearningOptions { StateCount = 6, ActionCount = 2, OptionSet = FractionalOptions(), Epsilon = 0.3, LearningRate = 0.5, Seed = seed })),
            "OptionCritic" => Tabular(new OptionCriticAgent(new OptionCriticOptions { StateCount = 6, ActionCount = 2, OptionCount = 2, Epsilon = 0.3, Temperature = 0.5, Seed = seed })),
            "NeuralOptionCritic" => NeuralOptionCritic(NeuralHierarchicalCatalog.CreateOptionCritic(seed, epsilon: 0.3)),
            "NeuralSmdp" => NeuralSmdp(seed),
            _ => throw new ArgumentException($"Unknown kind {kind}.", nameof(kind)),
        };

        public float[] Features() => _features(_state);

        public void After(int action)
        {
            _step++;
            if (_learn is null)
            {
                _state = _step;
                return;
            }

            (int next, double reward, bool terminal) = HierarchicalCatalog.Step(_state, action);
            _learn(_state, next, reward, terminal);
            _state = terminal ? 0 : next;
        }

        private static Driver Deep(IPolicy policy) => new(policy, step => [MathF.Sin(step), MathF.Cos(1.3f * step), 0.5f * (step % 3)], null);

        private static Driver Tabular(IPolicy policy) => new(policy, state => [state], (_, next, reward, terminal) =>
        {
            switch (policy)
            {
                case OptionValueAgent agent:
                    agent.Learn(reward, next, terminal);
                    break;
                case OptionCriticAgent agent:
                    agent.Learn(reward, next, terminal);
                    break;
            }
        });

        private static Driver NeuralOptionCritic(NeuralOptionCriticAgent agent)
            => new(agent, NeuralHierarchicalCatalog.OneHot, (_, next, reward, terminal) => agent.Learn(reward, NeuralHierarchicalCatalog.OneHot(next), terminal));

        private static Driver NeuralSmdp(long seed)
        {
            var agent = new NeuralSmdpQLearningAgent(new NeuralSmdpQLearningOptions
            {
                StateCount = 6,
                ActionCount = 2,
                ObservationDimension = 6,
                OptionSet = FractionalOptions(),
                HiddenSizes = [16],
                LearningRate = 0.01,
                Epsilon = 0.3,
                DiscountFactor = 0.9,
                BatchSize = 4,
                BufferSize = 100,
                TargetUpdateInterval = 5,
                Seed = seed,
                TimeProvider = FixedTimeProvider.Instance,
            });
            return new(agent, state => [state, .. NeuralHierarchicalCatalog.OneHot(state)], (_, next, reward, terminal) => agent.Learn(reward, next, NeuralHierarchicalCatalog.OneHot(next), terminal));
        }

        // The corridor's options with termination probabilities strictly between 0 and 1, so running options mix.
        private static IReadOnlyList<Option> FractionalOptions() =>
        [
            Option.Create("run right", [true, true, true, false, false, false], [1, 1, 1, -1, -1, -1], [0.3, 0.3, 0.3, 1, 1, 1]),
            Option.Create("run left", [false, false, false, true, true, false], [-1, 0, 0, 0, 0, -1], [1, 0.5, 0.5, 0.2, 0.2, 1]),
            .. Option.Primitives(2, 6),
        ];
    }
}

internal static class DeepPolicyContractTestsExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
