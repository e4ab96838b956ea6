using RlCommons.Schedules;
using RlCommons.Algorithms.Tabular;

namespace RlCommons.Algorithms.Tests.Tabular;

/// <summary>What both tabular agents share: ε-greedy decisions, propensities, masks, determinism, policy export, bad input, concurrency.</summary>
public class TabularAgentTests
{
    // Gives state 0 the values [1, 1, 0]: actions 0 and 1 tie for greedy.
    private static TabularAgent WithTie(string kind, double epsilon)
    {
        TabularAgent agent = TabularCatalog.Create(kind, epsilon: epsilon, alpha: 1);
        TabularCatalog.Learn(agent, 0, 0, 1, 0, terminal: true);
        TabularCatalog.Learn(agent, 0, 1, 1, 0, terminal: true);
        return agent;
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Decide_TiedGreedyActions_ExactPropensitiesAndMatchingFrequencies(string kind)
    {
        TabularAgent agent = WithTie(kind, epsilon: 0.3);
        double[] expected = [0.1 + (0.7 / 2), 0.1 + (0.7 / 2), 0.1];
        var counts = new int[3];
        const int n = 20_000;
        for (int t = 0; t < n; t++)
        {
            Decision d = agent.Decide(0);
            Assert.Equal(expected[d.Action], d.Propensity, 15);
            Assert.Equal(d.Action == 2, d.Explored);
            Assert.Equal(agent.GetQ(0, d.Action), d.Score);
            counts[d.Action]++;
        }

        for (int a = 0; a < 3; a++)
        {
            Assert.InRange(counts[a] / (double)n, expected[a] - 0.012, expected[a] + 0.012);
        }
    }

    [Fact]
    public void Decide_EpsilonSchedule_PropensityFollowsScheduleOverDecisions()
    {
        var agent = new SarsaAgent(new SarsaOptions { StateCount = 1, ActionCount = 3, LearningRate = 1, Epsilon = 0.9, EpsilonSchedule = Schedule.Linear(1.0, 0.0, 10), Seed = 5 });
        agent.Learn(0, 0, 1, 0, 0, terminal: true);
        agent.Learn(0, 1, 1, 0, 0, terminal: true);

        // Decision t (0-based) uses ε = 1 − t/10, then 0: greedy actions 0 and 1 get ε/3 + (1 − ε)/2, action 2 gets ε/3.
        for (int t = 0; t < 15; t++)
        {
            double epsilon = Math.Max(0, 1 - (t / 10.0));
            Assert.Equal(epsilon, agent.CurrentEpsilon, 15);
            Decision d = agent.Decide(0);
            Assert.Equal(d.Action == 2 ? epsilon / 3 : (epsilon / 3) + ((1 - epsilon) / 2), d.Propensity, 15);
        }

        Assert.Equal(0.9, agent.Epsilon);
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Decide_NoExplore_TiesSplitUniformlyWithPropensityHalf(string kind)
    {
        TabularAgent agent = WithTie(kind, epsilon: 0.3);
        var counts = new int[3];
        for (int t = 0; t < 4000; t++)
        {
            Decision d = agent.Decide(0, explore: false);
            Assert.Equal(0.5, d.Propensity);
            Assert.False(d.Explored);
            counts[d.Action]++;
        }

        Assert.Equal(0, counts[2]);
        Assert.InRange(counts[0], 1800, 2200);
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Decide_Mask_ChoosesOnlyAllowedWithPropensityOverAllowed(string kind)
    {
        TabularAgent agent = WithTie(kind, epsilon: 0.3);
        bool[] mask = [false, true, true];

        // K = 2 allowed, greedy set {1}: 0.15 + 0.7 for action 1, 0.15 for action 2.
        var counts = new int[3];
        for (int t = 0; t < 10_000; t++)
        {
            Decision d = agent.Decide(0, mask);
            Assert.Equal(d.Action == 1 ? 0.85 : 0.15, d.Propensity, 15);
            counts[d.Action]++;
        }

        Assert.Equal(0, counts[0]);
        Assert.InRange(counts[2], 1350, 1650);
        Assert.Equal(1, agent.Decide(0, mask, explore: false).Action);
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Decide_BadMask_ThrowsNamingItAndDoesNotCount(string kind)
    {
        TabularAgent agent = TabularCatalog.Create(kind);

        var wrongLength = Assert.Throws<ArgumentException>(() => agent.Decide(0, [true, true]));
        var none = Assert.Throws<ArgumentException>(() => agent.Decide(0, [false, false, false]));

        Assert.Equal("allowedActions", wrongLength.ParamName);
        Assert.Equal("allowedActions", none.ParamName);
        Assert.Equal(0, agent.DecisionCount);
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Decide_SameSeedSameCalls_IdenticalDecisions(string kind)
    {
        List<Decision> first = TabularCatalog.Play(TabularCatalog.Create(kind, seed: 42, epsilon: 0.5), new Random(7), 500);
        List<Decision> second = TabularCatalog.Play(TabularCatalog.Create(kind, seed: 42, epsilon: 0.5), new Random(7), 500);
        List<Decision> other = TabularCatalog.Play(TabularCatalog.Create(kind, seed: 43, epsilon: 0.5), new Random(7), 500);

        Assert.Equal(first, second);
        Assert.NotEqual(first.Select(d => d.Action), other.Select(d => d.Action));
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), first.Select(d => d.Sequence));
        Assert.Equal(first.Select(d => d.Seed), first.Select(d => Randomness.SeedSequence.Derive(42, (ulong)d.Sequence)));
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void GetGreedyPolicy_TiesAndClearWinners_ArgMaxLowestIndexOnTies(string kind)
    {
        TabularAgent agent = WithTie(kind, epsilon: 0.1);
        TabularCatalog.Learn(agent, 1, 2, 3, 0, terminal: true);
        TabularCatalog.Learn(agent, 2, 0, -1, 0, terminal: true);

        // State 0: tie of 0 and 1; state 1: action 2; state 2: actions 1 and 2 tie at 0 above −1.
        Assert.Equal([0, 2, 1], agent.GetGreedyPolicy());
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void GetQValues_RowOfState_CopiedAndShortBufferRejected(string kind)
    {
        TabularAgent agent = WithTie(kind, epsilon: 0.1);
        var row = new double[4];
        row[3] = 9;

        agent.GetQValues(0, row);

        Assert.Equal([1, 1, 0, 9], row);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => agent.GetQValues(0, new double[2])).ParamName);
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void Learn_NonFiniteReward_ThrowsNamingRewardAndChangesNothing(string kind)
    {
        TabularAgent agent = TabularCatalog.Create(kind);
        TabularCatalog.Play(agent, new Random(1), 30);
        double[] before = TabularCatalog.Table(agent);
        long updates = agent.UpdateCount;

        foreach (double reward in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TabularCatalog.Learn(agent, 0, 0, reward, 1, terminal: false));
            Assert.Equal("reward", ex.ParamName);
        }

        Assert.Equal(before, TabularCatalog.Table(agent));
        Assert.Equal(updates, agent.UpdateCount);
    }

    [Theory]
    [InlineData("QLearning", -1, 0, 0, "state")]
    [InlineData("QLearning", 3, 0, 0, "state")]
    [InlineData("QLearning", 0, -1, 0, "action")]
    [InlineData("QLearning", 0, 3, 0, "action")]
    [InlineData("QLearning", 0, 0, -1, "nextState")]
    [InlineData("QLearning", 0, 0, 3, "nextState")]
    [InlineData("Sarsa", 3, 0, 0, "state")]
    [InlineData("Sarsa", 0, 3, 0, "action")]
    [InlineData("Sarsa", 0, 0, 3, "nextState")]
    public void Learn_IndexOutOfRange_ThrowsNamingParameterAndChangesNothing(string kind, int state, int action, int nextState, string parameter)
    {
        TabularAgent agent = TabularCatalog.Create(kind);
        TabularCatalog.Play(agent, new Random(1), 30);
        double[] before = TabularCatalog.Table(agent);

        // Terminal too: the next state is validated even when it is not bootstrapped from.
        foreach (bool terminal in new[] { false, true })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TabularCatalog.Learn(agent, state, action, 1, nextState, terminal));
            Assert.Equal(parameter, ex.ParamName);
        }

        Assert.Equal(before, TabularCatalog.Table(agent));
        Assert.Equal(30, agent.UpdateCount);
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void DecideAndGetQ_IndexOutOfRange_ThrowNamingParameter(string kind)
    {
        TabularAgent agent = TabularCatalog.Create(kind);

        Assert.Equal("state", Assert.Throws<ArgumentOutOfRangeException>(() => agent.Decide(3)).ParamName);
        Assert.Equal("state", Assert.Throws<ArgumentOutOfRangeException>(() => agent.Decide(-1, explore: false)).ParamName);
        Assert.Equal("state", Assert.Throws<ArgumentOutOfRangeException>(() => agent.GetQ(5, 0)).ParamName);
        Assert.Equal("action", Assert.Throws<ArgumentOutOfRangeException>(() => agent.GetQ(0, 3)).ParamName);
        Assert.Equal(0, agent.DecisionCount);
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public void DecideAndLearn_SteadyState_AllocateNothing(string kind)
    {
        TabularAgent agent = TabularCatalog.Create(kind);
        bool[] mask = [true, false, true];
        TabularCatalog.Learn(agent, 0, 0, 1, 1, terminal: false);
        agent.Decide(0, mask);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 1000; t++)
        {
            Decision d = agent.Decide(t % 3, (t & 1) == 0 ? mask : default);
            TabularCatalog.Learn(agent, t % 3, d.Action, 0.5, (t + 1) % 3, terminal: false, nextAction: 1);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [MemberData(nameof(TabularCatalog.Kinds), MemberType = typeof(TabularCatalog))]
    public async Task LearnAndDecide_ManyThreads_EveryCallCounted(string kind)
    {
        TabularAgent agent = TabularCatalog.Create(kind, alpha: 0.1);
        Task[] workers = [.. Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (int t = 0; t < 2000; t++)
            {
                agent.Decide(w % 3);
                TabularCatalog.Learn(agent, 0, 0, 1, 0, terminal: true);
            }
        }))];
        await Task.WhenAll(workers);

        // The counters are read-modify-write: they come out exact only if every call was serialized.
        Assert.Equal(8000, agent.UpdateCount);
        Assert.Equal(8000, agent.DecisionCount);
        Assert.Equal(1, agent.GetQ(0, 0), 12);
    }
}
