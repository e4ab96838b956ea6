using RlCommons.Neural.Activations;
using RlCommons.Neural.Initializers;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;

namespace RlCommons.Neural.Tests.Layers;

public sealed class DenseLayerTests
{
    [Fact]
    public void Forward_KnownWeights_ComputesAffineMap()
    {
        var layer = new DenseLayer(2, 2, Activation.Identity, 2);
        float[] w = [1f, 2f, -1f, 0.5f];
        w.CopyTo(layer.Weight.Values);
        float[] b = [0.5f, -1f];
        b.CopyTo(layer.Bias.Values);

        float[] output = layer.Forward([1f, 1f, 2f, -2f], 2).ToArray();

        // Row 1: [1+2+0.5, −1+0.5−1]; row 2: [2−4+0.5, −2−1−1].
        Assert.Equal([3.5f, -1.5f, -1.5f, -4f], output);
    }

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.LeakyRelu)]
    public void Backward_TinyLayer_MatchesFiniteDifferences(Activation activation)
        => CheckGradients(activation, batch: 3, inputs: 4, outputs: 3);

    // Wide enough for the blocked kernel in every product: forward, dW, dWᵀ (narrow input) and dX.
    [Theory]
    [InlineData(Activation.Tanh, 6, 9, 17)]
    [InlineData(Activation.Relu, 5, 3, 20)]
    [InlineData(Activation.LeakyRelu, 9, 12, 2)]
    public void Backward_KernelSizedLayer_MatchesFiniteDifferences(Activation activation, int batch, int inputs, int outputs)
        => CheckGradients(activation, batch, inputs, outputs);

    private static void CheckGradients(Activation activation, int batch, int inputs, int outputs)
    {
        var random = new Xoshiro256Random(11);
        var layer = new DenseLayer(inputs, outputs, activation, batch, 0.1f);
        WeightInitializer.PyTorchDefault(layer.Weight.Values, layer.Bias.Values, inputs, random);
        float[] input = GradientCheck.RandomValues(random, batch * inputs, 2.0);
        float[] c = GradientCheck.RandomValues(random, batch * outputs);
        float[] weight = layer.Weight.Values.ToArray();
        float[] bias = layer.Bias.Values.ToArray();

        // L = Σ c ⊙ y, whose gradient with respect to y is c.
        double Loss()
        {
            weight.CopyTo(layer.Weight.Values);
            bias.CopyTo(layer.Bias.Values);
            ReadOnlySpan<float> y = layer.Forward(input, batch);
            double sum = 0;
            for (int i = 0; i < y.Length; i++)
            {
                sum += (double)c[i] * y[i];
            }

            return sum;
        }

        Loss();
        float[] inputGradient = layer.Backward(input, c, computeInputGradient: true).ToArray();
        float[] weightGradient = layer.Weight.Gradients.ToArray();
        float[] biasGradient = layer.Bias.Gradients.ToArray();

        GradientCheck.Assert(weight, weightGradient, Loss, "weight");
        GradientCheck.Assert(bias, biasGradient, Loss, "bias");
        GradientCheck.Assert(input, inputGradient, Loss, "input");
    }

    [Fact]
    public void Backward_WithoutInputGradient_ReturnsEmpty()
    {
        var layer = new DenseLayer(2, 2, Activation.Relu, 1);
        layer.Forward([1f, 2f], 1);

        Assert.True(layer.Backward([1f, 2f], [1f, 1f], computeInputGradient: false).IsEmpty);
    }

    [Fact]
    public void Forward_WrongInputLength_ThrowsNamingInput()
    {
        var layer = new DenseLayer(3, 2, Activation.Relu, 4);

        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new float[5], 2));

        Assert.Equal("input", ex.ParamName);
    }

    [Fact]
    public void Forward_BatchAboveMaximum_ThrowsNamingBatchSize()
    {
        var layer = new DenseLayer(1, 1, Activation.Relu, 2);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(new float[3], 3));

        Assert.Equal("batchSize", ex.ParamName);
    }

    [Fact]
    public void Backward_BeforeForward_Throws()
    {
        var layer = new DenseLayer(1, 1, Activation.Relu, 1);

        Assert.Throws<InvalidOperationException>(() => layer.Backward([1f], [1f], false));
    }
}
