using RlCommons.Neural.Activations;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;

namespace RlCommons.Neural.Tests.Activations;

public sealed class ActivationFunctionsTests
{
    private static readonly float[] Inputs = [-2f, -0.5f, 0.25f, 3f];

    [Theory]
    [InlineData(Activation.Identity, new[] { -2f, -0.5f, 0.25f, 3f })]
    [InlineData(Activation.Relu, new[] { 0f, 0f, 0.25f, 3f })]
    [InlineData(Activation.LeakyRelu, new[] { -0.02f, -0.005f, 0.25f, 3f })]
    public void Forward_KnownInputs_GivesExactValues(Activation activation, float[] expected)
    {
        var output = new float[Inputs.Length];

        ActivationFunctions.Forward(activation, 0.01f, Inputs, output);

        Assert.Equal(expected, output);
    }

    [Fact]
    public void Forward_Tanh_MatchesMathTanh()
    {
        var output = new float[Inputs.Length];

        ActivationFunctions.Forward(Activation.Tanh, 0.01f, Inputs, output);

        for (int i = 0; i < Inputs.Length; i++)
        {
            Assert.Equal(Math.Tanh(Inputs[i]), output[i], 6);
        }
    }

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.LeakyRelu)]
    public void Backward_RandomPoints_MatchesFiniteDifferences(Activation activation)
    {
        var random = new Xoshiro256Random(7);
        float[] pre = GradientCheck.RandomValues(random, 16, 2.0);
        float[] weights = GradientCheck.RandomValues(random, 16);
        var output = new float[16];
        var gradient = new float[16];
        ActivationFunctions.Forward(activation, 0.1f, pre, output);

        ActivationFunctions.Backward(activation, 0.1f, pre, output, weights, gradient, new float[16]);

        // L = Σ wᵢ f(preᵢ), so dL/dpreᵢ = wᵢ f'(preᵢ).
        GradientCheck.Assert(pre, gradient, () =>
        {
            var o = new float[16];
            ActivationFunctions.Forward(activation, 0.1f, pre, o);
            double sum = 0;
            for (int i = 0; i < o.Length; i++)
            {
                sum += (double)weights[i] * o[i];
            }

            return sum;
        }, activation.ToString());
    }

    [Fact]
    public void Backward_ReluAtZero_GivesZeroLikePyTorch()
    {
        float[] pre = [0f];
        var gradient = new float[1];

        ActivationFunctions.Backward(Activation.Relu, 0.01f, pre, [0f], [1f], gradient, new float[1]);

        Assert.Equal(0f, gradient[0]);
    }

    // The column sums are the bias gradient: each column's values added in row order from 0, on shapes with four-vector
    // blocks, single vectors and single columns; and the derivatives are the same whichever path a column takes.
    [Theory]
    [InlineData(Activation.Identity, 5, 45)]
    [InlineData(Activation.Tanh, 7, 64)]
    [InlineData(Activation.Relu, 3, 13)]
    [InlineData(Activation.LeakyRelu, 4, 41)]
    public void Backward_WithColumnSums_SumsEachColumnInRowOrder(Activation activation, int rows, int columns)
    {
        var random = new Xoshiro256Random((ulong)((rows * 100) + columns));
        float[] pre = GradientCheck.RandomValues(random, rows * columns, 2.0);
        float[] weights = GradientCheck.RandomValues(random, rows * columns);
        var output = new float[pre.Length];
        ActivationFunctions.Forward(activation, 0.1f, pre, output);
        var gradient = new float[pre.Length];
        var sums = new float[columns];

        ActivationFunctions.Backward(activation, 0.1f, pre, output, weights, gradient, sums);

        var single = new float[1];
        for (int j = 0; j < columns; j++)
        {
            float expected = 0f;
            for (int r = 0; r < rows; r++)
            {
                int at = (r * columns) + j;
                ActivationFunctions.Backward(activation, 0.1f, pre.AsSpan(at, 1), output.AsSpan(at, 1), weights.AsSpan(at, 1), single, new float[1]);
                Assert.Equal(single[0], gradient[at]);
                expected += gradient[at];
            }

            Assert.Equal(expected, sums[j]);
        }
    }

    [Fact]
    public void Backward_LengthNotWholeRows_Throws()
    {
        var values = new float[10];

        Assert.Throws<ArgumentException>(() => ActivationFunctions.Backward(Activation.Tanh, 0f, values, values, values, new float[10], new float[3]));
    }
}
