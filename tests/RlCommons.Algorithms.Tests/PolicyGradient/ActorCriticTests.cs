using RlCommons.Algorithms.Tests.Support;
using RlCommons.Neural.Activations;
using RlCommons.Neural.Layers;
using RlCommons.Algorithms.PolicyGradient;
using RlCommons.Randomness;
using Xunit;

namespace RlCommons.Algorithms.Tests.PolicyGradient;

public sealed class ActorCriticTests
{
    private const int Rows = 5;
    private const int Observations = 3;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Backward_AnyLayout_MatchesFiniteDifferencesOfTheLoss(bool shared, bool continuous)
    {
        var net = new ActorCritic(Observations, continuous ? 0 : 3, continuous ? 2 : 0, [6], [5], Activation.Tanh, Rows, -0.3, seed: 11, shared);
        var random = new Xoshiro256Random(4);
        float[] observations = Random(random, Rows * Observations, 1.5);
        float[] actions = continuous ? Random(random, Rows * 2, 1.0) : [0, 2, 1, 1, 0];
        float[] weights = Random(random, Rows, 1.0);
        float[] valueWeights = Random(random, Rows, 1.0);
        const float EntropyWeight = 0.3f;

        ActorCriticGradientCheck.AssertMatchesFiniteDifferences(net, Rows, observations, actions, [], weights, EntropyWeight, valueWeights);
    }

    [Fact]
    public void Constructor_Shared_OneNetworkWithPolicyAndValueHeads()
    {
        var shared = new ActorCritic(Observations, 3, 0, [6, 6], [4], Activation.Tanh, Rows, 0, seed: 2, shared: true);
        var separate = new ActorCritic(Observations, 3, 0, [6, 6], [4], Activation.Tanh, Rows, 0, seed: 2);

        Assert.Same(shared.Actor, shared.Critic);
        Assert.Equal(["policy", "value"], shared.Actor.Heads.Select(h => h.Name));
        Assert.Equal(shared.Actor.Parameters.Count, shared.Parameters.Count);
        Assert.Equal(separate.Actor.Parameters.Count + separate.Critic.Parameters.Count, separate.Parameters.Count);
    }

    [Fact]
    public void Act_Shared_ValuesAreTheValueHead()
    {
        var net = new ActorCritic(Observations, 3, 0, [6], [6], Activation.Tanh, Rows, 0, seed: 3, shared: true);
        float[] observations = Random(new Xoshiro256Random(8), Rows * Observations, 1.0);
        var actions = new float[Rows];
        var logProbabilities = new float[Rows];
        var values = new float[Rows];

        net.Act(observations, Rows, default, new Xoshiro256Random(1), deterministic: true, actions, logProbabilities, values);

        var output = new float[4];
        int value = net.Actor.HeadIndex("value");
        for (int r = 0; r < Rows; r++)
        {
            net.Actor.Predict(observations.AsSpan(r * Observations, Observations), output);
            Assert.Equal(net.Actor.HeadOutput(output, value)[0], values[r]);
        }
    }

    private static float[] Random(Random random, int count, double scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * scale);
        }

        return values;
    }
}
