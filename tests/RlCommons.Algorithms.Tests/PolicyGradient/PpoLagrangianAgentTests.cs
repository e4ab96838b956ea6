using RlCommons.Algorithms.Tests.Support;
using RlCommons.Environments.ClassicControl;
using RlCommons.Algorithms.PolicyGradient;
using RlCommons.Snapshots;
using RlCommons.Algorithms.Training;
using Xunit;

namespace RlCommons.Algorithms.Tests.PolicyGradient;

public sealed class PpoLagrangianAgentTests
{
    /// <summary>
    /// Constrained CartPole: cost 1 for every step taken with the cart more than 0.2 from the centre (the train CLI's
    /// task). Unconstrained PPO with these settings balances for 500 steps; its episode cost depends on the seed
    /// (docs/learning.md).
    /// </summary>
    private static readonly StepCost CartOffCentre = (observation, _) => Math.Abs(observation[0]) > 0.2 ? 1 : 0;

    private static PpoLagrangianOptions Constrained(long seed, double limit) => new()
    {
        Seed = seed,
        Environments = 8,
        NSteps = 32,
        BatchSize = 256,
        GaeLambda = 0.8,
        Gamma = 0.98,
        Epochs = 20,
        LearningRate = 1e-3,
        CostFunction = CartOffCentre,
        CostLimit = limit,
        TimeProvider = FixedTimeProvider.Instance,
    };

    private static PpoLagrangianOptions Small(long seed) => new()
    {
        Seed = seed,
        Environments = 2,
        NSteps = 64,
        BatchSize = 32,
        Epochs = 2,
        CostFunction = (observation, _) => observation[0] > 0 ? 1 : 0,
        CostLimit = 5,
        TimeProvider = FixedTimeProvider.Instance,
    };

    [Fact]
    public void Update_HandComputedAdamSteps_MatchesTable()
    {
        // g = −(J_c − d). Step 1: m̂ = g, v̂ = g², so λ moves by lr·sign(g)·|g|/(|g| + 1e-8).
        var multiplier = new LagrangeMultiplier(0.001, 0.035);
        multiplier.Update(30, 25);
        Assert.Equal(0.001 + (0.035 * 5 / (5 + 1e-8)), multiplier.Value, 15);

        // Step 2, g = +5: m = 0.9·(−0.5) + 0.5 = 0.05, m̂ = 0.05/0.19; v = 0.999·0.025 + 0.025 = 0.049975, v̂ = 25.
        multiplier.Update(20, 25);
        Assert.Equal(0.05, multiplier.FirstMoment, 15);
        Assert.Equal(0.049975, multiplier.SecondMoment, 15);
        Assert.Equal(0.001 + (0.035 * 5 / (5 + 1e-8)) - (0.035 * (0.05 / 0.19) / (5 + 1e-8)), multiplier.Value, 12);
    }

    [Theory]
    [InlineData(true, 1.0, 0.6464466094067262, -0.6464466094067262)]
    [InlineData(false, 0.5, 4.0 / 3.0, 4.0 / 3.0)]
    [InlineData(false, 0.0, 1.0, 3.0)]
    public void CombineAdvantages_HandComputed_MatchesTable(bool standardize, double lambda, double first, double second)
    {
        // A_r = [1, 3]: mean 2, unbiased σ √2, standardized [−1/√2, 1/√2]. A_c = [0, 4] centered: [−2, 2].
        // λ = 1: ((−0.70711 + 2)/2, (0.70711 − 2)/2); λ = 0.5 raw: ((1 + 1)/1.5, (3 − 1)/1.5); λ = 0: A_r.
        var combined = new float[2];
        PpoLagrangianAgent.CombineAdvantages([1f, 3f], [0f, 4f], lambda, standardize, combined);
        Assert.Equal(first, combined[0], 6);
        Assert.Equal(second, combined[1], 6);
    }

    [Fact]
    public void Update_CostFarBelowLimit_ProjectsToZero()
    {
        var multiplier = new LagrangeMultiplier(0.001, 0.035);
        multiplier.Update(0, 25);
        Assert.Equal(0.0, multiplier.Value);
        multiplier.Update(0, 25);
        Assert.Equal(0.0, multiplier.Value);
        Assert.Equal(2, multiplier.Steps);
    }

    [Theory]
    [InlineData(50.0, true)]
    [InlineData(1e9, false)]
    public void Learn_ConstrainedCartPoleSeed3_MeetsTheLimitOnlyWhenConstrained(double limit, bool constrained)
    {
        // Seed 3 is the seed of the five (docs/learning.md) on which unconstrained PPO ends off centre (274.5 steps of
        // 500 at 200k steps), so the constraint has to work; the unconstrained control (λ projected to 0) shows it binds.
        var agent = new PpoLagrangianAgent(4, 2, Constrained(seed: 3, limit));
        agent.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 200_000);
        ConstrainedEvaluationResult evaluation = agent.EvaluateWithCost(ClassicControlEnvironments.Make("CartPole-v1"), 10, seed: 1_000_000);
        string state = $"mean cost {evaluation.MeanCost}, return {evaluation.Evaluation.MeanReturn}, λ {agent.LagrangianMultiplier}";
        Assert.True(evaluation.Evaluation.MeanReturn >= 475, state);
        Assert.True(constrained == evaluation.MeanCost <= 50 * 1.1, state);
    }

    [Fact]
    public void Learn_SameSeed_IdenticalReturnsMultiplierAndSnapshots()
    {
        var first = new PpoLagrangianAgent(4, 2, Small(3));
        var second = new PpoLagrangianAgent(4, 2, Small(3));
        TrainingResult a = first.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 1024);
        TrainingResult b = second.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 1024);
        Assert.Equal(a.EpisodeReturns, b.EpisodeReturns);
        Assert.Equal(first.LagrangianMultiplier, second.LagrangianMultiplier);
        Assert.NotEqual(0.001, first.LagrangianMultiplier);
        Assert.Equal(Snapshot.ToBytes(first, FixedTimeProvider.Instance), Snapshot.ToBytes(second, FixedTimeProvider.Instance));
    }

    [Fact]
    public void Snapshot_RoundTrip_ContinuesIdentically()
    {
        var original = new PpoLagrangianAgent(4, 2, Small(5));
        original.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 512);
        var restored = new PpoLagrangianAgent(4, 2, Small(99));
        Snapshot.Load(restored, Snapshot.ToBytes(original, FixedTimeProvider.Instance));
        float[] observation = [0.01f, -0.2f, 0.03f, 0.1f];
        Assert.Equal(original.CostValue(observation), restored.CostValue(observation));
        Assert.Equal(original.LagrangianMultiplier, restored.LagrangianMultiplier);
        original.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 512);
        restored.Learn(_ => ClassicControlEnvironments.Make("CartPole-v1"), 512);
        Assert.Equal(Snapshot.ToBytes(original, FixedTimeProvider.Instance), Snapshot.ToBytes(restored, FixedTimeProvider.Instance));
    }

    [Fact]
    public void ReadSnapshot_PlainPpoSnapshot_IsRejected()
    {
        var ppo = new PpoAgent(4, 2, new PpoOptions { Seed = 1 });
        var lagrangian = new PpoLagrangianAgent(4, 2, Small(1));
        Assert.Throws<SnapshotException>(() => Snapshot.Load(lagrangian, Snapshot.ToBytes(ppo, FixedTimeProvider.Instance)));
    }

    [Fact]
    public void Learn_NegativeCost_Throws()
    {
        PpoLagrangianOptions options = Small(1);
        options.CostFunction = (_, _) => -1;
        var agent = new PpoLagrangianAgent(4, 2, options);
        var exception = Assert.Throws<InvalidOperationException>(() => agent.Learn(ClassicControlEnvironments.Make("CartPole-v1"), 10));
        Assert.Contains("-1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var exception = Assert.Throws<ArgumentException>(() => new PpoLagrangianAgent(4, 2, new PpoLagrangianOptions { CostLimit = -1, LagrangianLearningRate = 0, ClipRange = 2 }));
        Assert.Contains("CostFunction", exception.Message, StringComparison.Ordinal);
        Assert.Contains("CostLimit", exception.Message, StringComparison.Ordinal);
        Assert.Contains("LagrangianLearningRate", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ClipRange", exception.Message, StringComparison.Ordinal);
    }
}
