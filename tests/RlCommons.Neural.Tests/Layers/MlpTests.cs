using RlCommons.Neural.Activations;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Losses;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;

namespace RlCommons.Neural.Tests.Layers;

public sealed class MlpTests
{
    private static Mlp Tiny(Activation activation, ulong seed, int maxBatch = 3) => new(
        new MlpOptions { InputSize = 3, HiddenSizes = [4, 3], OutputSize = 2, Activation = activation, MaxBatchSize = maxBatch },
        new Xoshiro256Random(seed));

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.LeakyRelu)]
    public void Backward_MseThroughTwoHiddenLayers_MatchesFiniteDifferences(Activation activation)
    {
        const int batch = 3;
        Mlp net = Tiny(activation, 21);
        var random = new Xoshiro256Random(22);
        float[] input = GradientCheck.RandomValues(random, batch * 3, 2.0);
        float[] target = GradientCheck.RandomValues(random, batch * 2);
        var gradient = new float[batch * 2];
        double Loss() => MeanSquaredError.Compute(net.Forward(input, batch), target, gradient);

        Loss();
        float[] inputGradient = net.Backward(gradient, computeInputGradient: true).ToArray();
        float[][] analytic = net.Parameters.Select(p => p.Gradients.ToArray()).ToArray();

        for (int i = 0; i < net.Parameters.Count; i++)
        {
            Parameter p = net.Parameters[i];
            float[] values = p.Values.ToArray();
            GradientCheck.Assert(values, analytic[i], () =>
            {
                values.CopyTo(p.Values);
                return Loss();
            }, p.Name);
        }

        GradientCheck.Assert(input, inputGradient, Loss, "input");
    }

    [Fact]
    public void Constructor_SameSeed_GivesIdenticalWeights()
    {
        Mlp a = Tiny(Activation.Relu, 5);
        Mlp b = Tiny(Activation.Relu, 5);
        Mlp c = Tiny(Activation.Relu, 6);

        Assert.Equal(a.Parameters[0].Values.ToArray(), b.Parameters[0].Values.ToArray());
        Assert.NotEqual(a.Parameters[0].Values.ToArray(), c.Parameters[0].Values.ToArray());
        Assert.Equal((3 * 4) + 4 + (4 * 3) + 3 + (3 * 2) + 2, a.ParameterCount);
    }

    [Fact]
    public void Predict_OneState_EqualsBatchedForwardRow()
    {
        Mlp net = Tiny(Activation.Tanh, 8);
        float[] batch = [0.1f, -0.2f, 0.3f, 1f, 2f, -3f];
        float[] second = net.Forward(batch, 2)[2..4].ToArray();
        var output = new float[2];

        net.Predict(batch.AsSpan(3, 3), output);

        // Vectorized and scalar tanh may differ in the last bit, so compare to float precision.
        Assert.Equal(second[0], output[0], 6);
        Assert.Equal(second[1], output[1], 6);
    }

    [Theory]
    [InlineData(Activation.Relu, Activation.Identity, 5)]
    [InlineData(Activation.Tanh, Activation.Tanh, 9)]
    [InlineData(Activation.LeakyRelu, Activation.LeakyRelu, 17)]
    [InlineData(Activation.Relu, Activation.Relu, 600)]
    public void Predict_OneState_BitIdenticalToOneRowForward(Activation hidden, Activation output, int width)
    {
        // Width 600 needs more scratch than the stack block and takes the rented-buffer path.
        var net = new Mlp(
            new MlpOptions { InputSize = 6, HiddenSizes = [width, 11], OutputSize = 9, Activation = hidden, OutputActivation = output, MaxBatchSize = 1 },
            new Xoshiro256Random(40));
        float[] state = GradientCheck.RandomValues(new Xoshiro256Random(41), 6, 3.0);
        var predicted = new float[9];

        net.Predict(state, predicted);

        Assert.Equal(net.Forward(state, 1).ToArray(), predicted);
    }

    [Fact]
    public void Predict_BetweenForwardAndBackward_LeavesTheGradientsUnchanged()
    {
        Mlp net = Tiny(Activation.Tanh, 42);
        Mlp twin = Tiny(Activation.Tanh, 42);
        float[] input = GradientCheck.RandomValues(new Xoshiro256Random(43), 9);
        float[] gradient = [0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f];

        net.Forward(input, 3);
        net.Predict([5f, -5f, 1f], new float[2]);
        float[] inputGradient = net.Backward(gradient, computeInputGradient: true).ToArray();
        twin.Forward(input, 3);
        float[] twinInputGradient = twin.Backward(gradient, computeInputGradient: true).ToArray();

        Assert.Equal(twinInputGradient, inputGradient);
        for (int i = 0; i < net.Parameters.Count; i++)
        {
            Assert.Equal(twin.Parameters[i].Gradients.ToArray(), net.Parameters[i].Gradients.ToArray());
        }
    }

    [Fact]
    public void Predict_FourThreadsAtOnce_MatchSequentialResults()
    {
        var net = new Mlp(new MlpOptions { InputSize = 4, HiddenSizes = [64, 64], OutputSize = 2, MaxBatchSize = 1 }, new Xoshiro256Random(44));
        const int States = 64;
        float[] states = GradientCheck.RandomValues(new Xoshiro256Random(45), States * 4, 2.0);
        var expected = new float[States * 2];
        for (int s = 0; s < States; s++)
        {
            net.Predict(states.AsSpan(s * 4, 4), expected.AsSpan(s * 2, 2));
        }

        // Dedicated threads, released together, so the calls really overlap (pool threads would trickle in).
        var results = new float[4][];
        using var start = new Barrier(4);
        Thread[] threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var mine = new float[States * 2];
            start.SignalAndWait();
            for (int round = 0; round < 20; round++)
            {
                for (int s = 0; s < States; s++)
                {
                    int at = (s + (t * 17) + round) % States;
                    net.Predict(states.AsSpan(at * 4, 4), mine.AsSpan(at * 2, 2));
                }
            }

            results[t] = mine;
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Predict_OutputOverlapsState_ThrowsNamingOutput()
    {
        var net = new Mlp(new MlpOptions { InputSize = 3, HiddenSizes = [], OutputSize = 3, MaxBatchSize = 1 }, new Xoshiro256Random(46));
        var buffer = new float[3];

        var ex = Assert.Throws<ArgumentException>(() => net.Predict(buffer, buffer));

        Assert.Equal("output", ex.ParamName);
    }

    [Fact]
    public void Forward_WrongInputLength_ThrowsNamingInput()
    {
        Mlp net = Tiny(Activation.Relu, 1);

        var ex = Assert.Throws<ArgumentException>(() => net.Forward(new float[4], 1));

        Assert.Equal("input", ex.ParamName);
    }

    [Fact]
    public void Predict_WrongStateLength_ThrowsNamingState()
    {
        Mlp net = Tiny(Activation.Relu, 1);

        var ex = Assert.Throws<ArgumentException>(() => net.Predict(new float[2], new float[2]));

        Assert.Equal("state", ex.ParamName);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new MlpOptions { InputSize = 0, OutputSize = 0, MaxBatchSize = 0 };

        var ex = Assert.Throws<ArgumentException>(() => new Mlp(options, new Xoshiro256Random(1)));

        Assert.Contains("InputSize", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OutputSize", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxBatchSize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CopyParametersFrom_SameShape_CopiesWeights()
    {
        Mlp a = Tiny(Activation.Relu, 1);
        Mlp b = Tiny(Activation.Relu, 2);

        b.CopyParametersFrom(a);

        for (int i = 0; i < a.Parameters.Count; i++)
        {
            Assert.Equal(a.Parameters[i].Values.ToArray(), b.Parameters[i].Values.ToArray());
        }
    }
}
