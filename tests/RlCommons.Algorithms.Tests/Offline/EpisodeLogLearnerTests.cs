using System.Globalization;
using System.Text;
using RlCommons.Algorithms.Offline;
using RlCommons.Randomness;
using RlCommons.Snapshots;
using Xunit;

namespace RlCommons.Algorithms.Tests.Offline;

public sealed class EpisodeLogLearnerTests
{
    private static EpisodeLogLearner Create(int actions = 2, int dimension = 2, double gamma = 0.5)
        => new(new EpisodeLogLearnerOptions { ActionCount = actions, Dimension = dimension, LearningRate = 0.1, BaselineLearningRate = 0.2, Gamma = gamma, Seed = 5 });

    private static string Line(string run, int step, float[] state, int action, double reward, string mode, double? propensity = null)
        => string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"run_id":"{{run}}","step":{{step}},"state":[{{string.Join(",", state.Select(v => v.ToString(CultureInfo.InvariantCulture)))}}],"action":{{action}},"reward":{{reward}},"policy_mode":"{{mode}}"{{(propensity is { } p ? $",\"propensity\":{p}" : "")}}}""");

    [Fact]
    public void Train_OneRunTwoSteps_MatchesHandComputedUpdate()
    {
        EpisodeLogLearner learner = Create();
        string log = Line("r", 1, [0f, 1f], 0, 2.0, "rule") + "\n" + Line("r", 0, [1f, 0f], 1, 1.0, "rule");

        EpisodeTrainingSummary summary = learner.Train(new StringReader(log));

        // Steps sorted: t0 s=(1,0) a=1 r=1; t1 s=(0,1) a=0 r=2. γ = 0.5: G0 = 1 + 0.5·2 = 2, G1 = 2.
        // t0: π uniform, δ = 2, w = (0.4, 0); θ_1 += 0.1·2·0.5·s = (0.1, 0), θ_0 −= the same.
        // t1: s=(0,1) is orthogonal to the updates, so π uniform and δ = 2 again; θ_0 += (0, 0.1), θ_1 −= (0, 0.1).
        Span<double> p = stackalloc double[2];
        learner.GetProbabilities([1f, 0f], p);
        Assert.Equal(Math.Exp(0.1) / (Math.Exp(0.1) + Math.Exp(-0.1)), p[1], 12);
        learner.GetProbabilities([0f, 1f], p);
        Assert.Equal(Math.Exp(0.1) / (Math.Exp(0.1) + Math.Exp(-0.1)), p[0], 12);
        Assert.Equal(1, summary.RunsUsed);
        Assert.Equal(2, summary.StepsUsed);
        Assert.Equal(3.0, summary.AverageEpisodeReward);
        Assert.Equal(6, summary.ParameterCount);
        Assert.Equal(2, summary.GradientSteps);
        Assert.Equal(2, summary.StepsByMode[PolicyMode.Rule]);
        Assert.Equal(0, summary.StepsByMode[PolicyMode.Learned]);
    }

    [Fact]
    public void Train_LogsWithMalformedLinesAndGaps_SummarizesWhatWasUsed()
    {
        EpisodeLogLearner learner = Create();
        string log = string.Join('\n',
            Line("a", 0, [1f, 0f], 0, 1.0, "rule"),
            Line("a", 1, [1f, 0f], 1, 2.0, "learned", 0.5),
            "{broken",
            Line("b", 0, [1f, 1f], 1, 4.0, "static"),
            Line("c", 0, [1f, 1f], 1, 4.0, "static"),
            Line("c", 2, [1f, 1f], 1, 4.0, "static"));

        EpisodeTrainingSummary summary = learner.Train(new StringReader(log), epochs: 3);

        Assert.Equal(6, summary.Lines);
        Assert.Equal(1, summary.MalformedLines);
        Assert.Equal(2, summary.RunsUsed);
        Assert.Equal(1, summary.RunsSkipped);
        Assert.Equal(3, summary.StepsUsed);
        Assert.Equal((3.0 + 4.0) / 2, summary.AverageEpisodeReward);
        Assert.Equal(9, summary.GradientSteps);
        Assert.Equal(1, summary.StepsByMode[PolicyMode.Rule]);
        Assert.Equal(1, summary.StepsByMode[PolicyMode.Learned]);
        Assert.Equal(1, summary.StepsByMode[PolicyMode.Static]);
    }

    [Fact]
    public void Train_RandomLogsWhereTheBetterActionDependsOnTheState_PolicyPrefersIt()
    {
        // Runs of 4 steps; state (1, x) with x ∈ {0, 1}; action 1 pays 1 when x = 0, action 0 pays 1 when x = 1.
        // The logging policy is uniform (propensity 0.5), half the runs logged by rules and half by a static config.
        var random = new Xoshiro256Random(11);
        var lines = new StringBuilder();
        for (int run = 0; run < 300; run++)
        {
            for (int t = 0; t < 4; t++)
            {
                float x = random.Next(2);
                int action = random.Next(2);
                double reward = (x == 0 ? action == 1 : action == 0) ? 1.0 : 0.0;
                lines.AppendLine(Line($"run{run}", t, [1f, x], action, reward, run % 2 == 0 ? "rule" : "static", 0.5));
            }
        }

        EpisodeLogLearner learner = Create(gamma: 0.9);
        EpisodeTrainingSummary summary = learner.Train(new StringReader(lines.ToString()), epochs: 5);

        Span<double> p = stackalloc double[2];
        learner.GetProbabilities([1f, 0f], p);
        Assert.InRange(p[1], 0.9, 1.0);
        learner.GetProbabilities([1f, 1f], p);
        Assert.InRange(p[0], 0.9, 1.0);
        Assert.Equal(1, learner.Decide([1f, 0f], explore: false).Action);
        Assert.Equal(0, learner.Decide([1f, 1f], explore: false).Action);
        Assert.Equal(300, summary.RunsUsed);
        Assert.Equal(600, summary.StepsByMode[PolicyMode.Rule]);
        Assert.Equal(600, summary.StepsByMode[PolicyMode.Static]);
    }

    [Fact]
    public void Decide_SameSeedAndCalls_GivesIdenticalDecisions()
    {
        EpisodeLogLearner first = Create();
        EpisodeLogLearner second = Create();

        int[] a = [.. Enumerable.Range(0, 50).Select(_ => first.Decide([1f, 0.5f]).Action)];
        int[] b = [.. Enumerable.Range(0, 50).Select(_ => second.Decide([1f, 0.5f]).Action)];

        Assert.Equal(a, b);
        Assert.Contains(0, a);
        Assert.Contains(1, a);
    }

    [Fact]
    public void Snapshot_WarmStartIntoLearnerWithOtherStepSizes_CopiesThePolicy()
    {
        EpisodeLogLearner source = Create();
        source.Train([new EpisodeStep("r", 0, [1f, 0f], 1, 1.0, PolicyMode.Rule)]);
        var target = new EpisodeLogLearner(new EpisodeLogLearnerOptions { ActionCount = 2, Dimension = 2, LearningRate = 0.5 });

        Snapshot.Load(target, Snapshot.ToBytes(source));

        Span<double> expected = stackalloc double[2];
        Span<double> actual = stackalloc double[2];
        source.GetProbabilities([1f, 0f], expected);
        target.GetProbabilities([1f, 0f], actual);
        Assert.Equal(expected[1], actual[1]);
        Assert.Equal(source.Decide([1f, 0f]), target.Decide([1f, 0f]));
    }

    [Fact]
    public void Snapshot_WarmStartWithOtherSpaces_ThrowsNamingBothShapes()
    {
        EpisodeLogLearner source = Create(actions: 3, dimension: 2);
        EpisodeLogLearner target = Create(actions: 2, dimension: 2);

        SnapshotException e = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, Snapshot.ToBytes(source)));

        Assert.Contains("3 actions and state dimension 2; this one has 2 actions and dimension 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 0.5, 1.0, 0, "steps[0].Action")]
    [InlineData(0, 0.0, 1.0, 0, "steps[0].Propensity")]
    [InlineData(0, 0.5, double.NaN, 0, "steps[0].Reward")]
    [InlineData(0, 0.5, 1.0, -1, "steps[0].Step")]
    public void Train_InvalidStep_ThrowsNamingTheFieldAndLearnsNothing(int action, double propensity, double reward, int step, string parameter)
    {
        EpisodeLogLearner learner = Create();

        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => learner.Train([new EpisodeStep("r", step, [1f, 0f], action, reward, PolicyMode.Rule, propensity)]));

        Assert.Equal(parameter, e.ParamName);
        Span<double> p = stackalloc double[2];
        learner.GetProbabilities([1f, 0f], p);
        Assert.Equal(0.5, p[0]);
    }

    [Fact]
    public void Train_WrongStateLength_ThrowsNamingTheState()
    {
        EpisodeLogLearner learner = Create();

        ArgumentException e = Assert.Throws<ArgumentException>(() => learner.Train([new EpisodeStep("r", 0, [1f], 0, 1.0, PolicyMode.Rule)]));

        Assert.Equal("steps[0].State", e.ParamName);
    }
}
