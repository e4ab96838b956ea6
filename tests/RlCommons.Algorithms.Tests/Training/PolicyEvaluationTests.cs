using RlCommons.Algorithms.Tests.Support;
using RlCommons.Environments.ClassicControl;
using RlCommons.Policies;
using RlCommons.Algorithms.Training;

namespace RlCommons.Algorithms.Tests.Training;

public sealed class PolicyEvaluationTests
{
    [Fact]
    public void Evaluate_FixedPolicy_SumsRewardsPerEpisode()
    {
        var policy = new FixedPolicy(2, 3, action: 1);

        EvaluationResult result = PolicyEvaluation.Evaluate(policy, new TwoStepChain(), 4, seed: 0);

        // Action 1 earns 0.5 in the first state and 0 in the second.
        Assert.Equal([0.5, 0.5, 0.5, 0.5], result.Returns);
        Assert.Equal([2, 2, 2, 2], result.Lengths);
        Assert.Equal(0.5, result.MeanReturn);
        Assert.Equal(0, result.StdReturn);
    }

    [Fact]
    public void StdReturn_IsThePopulationStandardDeviation()
    {
        var result = new EvaluationResult([1, 2, 3, 4], [1, 1, 1, 1]);

        Assert.Equal(Math.Sqrt(1.25), result.StdReturn, 15);
        Assert.Equal(2.5, result.MeanReturn);
    }

    [Fact]
    public void Evaluate_SameSeed_GivesSameEpisodes()
    {
        var policy = new FixedPolicy(4, 2, action: 0);

        EvaluationResult first = PolicyEvaluation.Evaluate(policy, ClassicControlEnvironments.Make("CartPole-v1"), 5, seed: 42);
        EvaluationResult second = PolicyEvaluation.Evaluate(policy, ClassicControlEnvironments.Make("CartPole-v1"), 5, seed: 42);

        Assert.Equal(first.Lengths, second.Lengths);
        Assert.All(first.Lengths, length => Assert.InRange(length, 8, 12)); // always pushing left topples the pole fast
    }

    [Fact]
    public void Evaluate_MismatchedPolicy_Throws()
    {
        Assert.Throws<ArgumentException>(() => PolicyEvaluation.Evaluate(new FixedPolicy(2, 4, 0), new TwoStepChain(), 1, 0));
        Assert.Throws<ArgumentException>(() => PolicyEvaluation.Evaluate(new FixedPolicy(3, 3, 0), new TwoStepChain(), 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolicyEvaluation.Evaluate(new FixedPolicy(2, 3, 0), new TwoStepChain(), 0, 0));
    }

    private sealed class FixedPolicy(int observationDimension, int actionCount, int action) : IPolicy
    {
        public int FeatureCount => observationDimension;

        public int ActionCount => actionCount;

        public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        {
            GetProbabilities(features, probabilities, explore);
            return new Decision(action, 1.0, 0.0, explored: false, sequence: 1, seed: 0);
        }

        public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        {
            if (!probabilities.IsEmpty)
            {
                probabilities.Clear();
                probabilities[action] = 1.0;
            }
        }
    }
}
