using RlCommons.Neural.Activations;
using RlCommons.Neural.Initializers;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;
using RlCommons.Snapshots;

namespace RlCommons.Neural.Tests.Layers;

public sealed class MlpHeadTests
{
    private static Mlp TwoHeads(ulong seed, WeightInitialization init = WeightInitialization.Orthogonal, int input = 3, int hidden = 5, int maxBatch = 3) => new(
        new MlpOptions
        {
            InputSize = input,
            HiddenSizes = [hidden],
            Activation = Activation.Tanh,
            Heads = [new MlpHead("logits", 3, gain: 0.01), new MlpHead("value", 1, gain: 1.0)],
            MaxBatchSize = maxBatch,
            Initialization = init,
        },
        new Xoshiro256Random(seed));

    // Softmax cross-entropy on the logits head plus ½·(v − target)² on the value head, averaged over rows, in double;
    // fills the gradient through the head accessors when one is given.
    private static double PolicyValueLoss(Mlp net, ReadOnlySpan<float> outputs, int batch, int[] actions, float[] returns, Span<float> gradient)
    {
        int logitsHead = net.HeadIndex("logits");
        int valueHead = net.HeadIndex("value");
        double loss = 0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> logits = net.HeadOutput(outputs, logitsHead, b);
            double max = double.NegativeInfinity;
            foreach (float z in logits)
            {
                max = Math.Max(max, z);
            }

            double sum = 0;
            foreach (float z in logits)
            {
                sum += Math.Exp(z - max);
            }

            loss += (max + Math.Log(sum) - logits[actions[b]]) / batch;
            double error = net.HeadOutput(outputs, valueHead, b)[0] - returns[b];
            loss += 0.5 * error * error / batch;
            if (!gradient.IsEmpty)
            {
                Span<float> g = net.HeadGradient(gradient, logitsHead, b);
                for (int j = 0; j < g.Length; j++)
                {
                    g[j] = (float)(((Math.Exp(logits[j] - max) / sum) - (j == actions[b] ? 1 : 0)) / batch);
                }

                net.HeadGradient(gradient, valueHead, b)[0] = (float)(error / batch);
            }
        }

        return loss;
    }

    [Fact]
    public void Backward_PolicyAndValueHeads_MatchesFiniteDifferences()
    {
        const int batch = 3;
        Mlp net = TwoHeads(31, WeightInitialization.PyTorchDefault);
        var random = new Xoshiro256Random(32);
        float[] input = GradientCheck.RandomValues(random, batch * 3, 2.0);
        int[] actions = [0, 2, 1];
        float[] returns = [1.5f, -0.5f, 0.25f];
        var gradient = new float[batch * net.OutputSize];
        double Loss() => PolicyValueLoss(net, net.Forward(input, batch), batch, actions, returns, []);

        PolicyValueLoss(net, net.Forward(input, batch), batch, actions, returns, gradient);
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
    public void Constructor_OrthogonalHeads_EachBlockOrthonormalTimesItsGain()
    {
        Mlp net = TwoHeads(7, input: 8, hidden: 64);
        DenseLayer last = net.Layers[^1];
        ReadOnlySpan<float> w = last.Weight.Values;

        // Rows ≤ columns: each head's rows are orthonormal, scaled by the head's gain (SB3's PPO: 0.01 and 1).
        static double Dot(ReadOnlySpan<float> w, int r, int s)
        {
            double sum = 0;
            for (int c = 0; c < 64; c++)
            {
                sum += (double)w[(r * 64) + c] * w[(s * 64) + c];
            }

            return sum;
        }

        for (int r = 0; r < 3; r++)
        {
            for (int s = 0; s < 3; s++)
            {
                Assert.Equal(r == s ? 1e-4 : 0.0, Dot(w, r, s), 9);
            }
        }

        Assert.Equal(1.0, Dot(w, 3, 3), 5);
        Assert.All(last.Bias.Values.ToArray(), b => Assert.Equal(0f, b));
        Assert.Equal([0, 3], [net.HeadOffset(0), net.HeadOffset(1)]);
    }

    [Fact]
    public void Constructor_XavierHeads_UseEachHeadsFanOutAndGain()
    {
        var net = new Mlp(
            new MlpOptions
            {
                InputSize = 4,
                HiddenSizes = [256],
                Heads = [new MlpHead("a", 64, gain: 0.5), new MlpHead("b", 2, gain: 2.0)],
                Initialization = WeightInitialization.XavierUniform,
                MaxBatchSize = 1,
            },
            new Xoshiro256Random(9));
        ReadOnlySpan<float> w = net.Layers[^1].Weight.Values;
        ReadOnlySpan<float> a = w[..(64 * 256)];
        ReadOnlySpan<float> b = w[(64 * 256)..];

        // U(−bound, bound), bound = gain·√(6 / (fan_in + fan_out)) with the head's own fan-out; variance bound²/3.
        double boundA = 0.5 * Math.Sqrt(6.0 / (256 + 64));
        double boundB = 2.0 * Math.Sqrt(6.0 / (256 + 2));
        Assert.All(a.ToArray(), x => Assert.InRange(x, -boundA, boundA));
        Assert.All(b.ToArray(), x => Assert.InRange(x, -boundB, boundB));
        double varianceA = a.ToArray().Average(x => (double)x * x);
        Assert.InRange(varianceA, 0.95 * boundA * boundA / 3, 1.05 * boundA * boundA / 3);

        // Head b's 512 draws would almost never all fit inside head a's much smaller bound.
        Assert.Contains(b.ToArray(), x => Math.Abs(x) > boundA);
    }

    [Fact]
    public void Constructor_NoHeads_HasOneOutputHeadInitializedAsBefore()
    {
        MlpOptions Options(bool explicitHead) => new()
        {
            InputSize = 3,
            HiddenSizes = [4],
            OutputSize = explicitHead ? 0 : 2,
            Heads = explicitHead ? [new MlpHead("output", 2, gain: 0.3)] : [],
            OutputGain = 0.3,
            Initialization = WeightInitialization.Orthogonal,
        };

        var implicitNet = new Mlp(Options(false), new Xoshiro256Random(4));
        var explicitNet = new Mlp(Options(true), new Xoshiro256Random(4));

        MlpHead head = Assert.Single(implicitNet.Heads);
        Assert.Equal(("output", 2), (head.Name, head.Size));
        Assert.Equal(implicitNet.Parameters[2].Values.ToArray(), explicitNet.Parameters[2].Values.ToArray());
        Assert.Equal(Payload(implicitNet), Payload(explicitNet));
    }

    private static byte[] Payload(Mlp net)
    {
        var writer = new SnapshotWriter();
        net.WriteSnapshot(writer);
        return writer.WrittenSpan.ToArray();
    }

    // The version 1 payload: the layers without the heads section.
    private static byte[] VersionOnePayload(Mlp net)
    {
        var writer = new SnapshotWriter();
        writer.WriteInt32(net.Layers.Count);
        foreach (DenseLayer layer in net.Layers)
        {
            writer.WriteInt32(layer.InputSize);
            writer.WriteInt32(layer.OutputSize);
            writer.WriteInt32((int)layer.Activation);
            writer.WriteSingles(layer.Weight.Values);
            writer.WriteSingles(layer.Bias.Values);
        }

        return writer.WrittenSpan.ToArray();
    }

    [Fact]
    public void ReadSnapshot_VersionOne_LoadsOnlyIntoANetworkWithoutHeads()
    {
        var plainOptions = new MlpOptions { InputSize = 3, HiddenSizes = [5], OutputSize = 4, Activation = Activation.Tanh, MaxBatchSize = 3 };
        Mlp source = TwoHeads(15);
        var plain = new Mlp(plainOptions, new Xoshiro256Random(16));
        Mlp headed = TwoHeads(17);

        plain.ReadSnapshot(new SnapshotReader(VersionOnePayload(source)), 1);

        Assert.Equal(source.Parameters[2].Values.ToArray(), plain.Parameters[2].Values.ToArray());
        Assert.Throws<SnapshotException>(() => headed.ReadSnapshot(new SnapshotReader(VersionOnePayload(source)), 1));
    }

    [Fact]
    public void HeadOutput_SecondRow_ReadsTheHeadsColumns()
    {
        Mlp net = TwoHeads(3);
        float[] outputs = [0f, 1f, 2f, 3f, 10f, 11f, 12f, 13f];
        var gradient = new float[8];

        Assert.Equal([10f, 11f, 12f], net.HeadOutput(outputs, 0, 1).ToArray());
        Assert.Equal([13f], net.HeadOutput(outputs, net.HeadIndex("value"), 1).ToArray());
        net.HeadGradient(gradient, 1, 1)[0] = 5f;
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 0f, 5f], gradient);
    }

    [Fact]
    public void HeadOutput_RowPastTheBuffer_ThrowsNamingRow()
    {
        Mlp net = TwoHeads(3);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => net.HeadOutput(new float[8], 0, 2));

        Assert.Equal("row", ex.ParamName);
        Assert.Equal("head", Assert.Throws<ArgumentOutOfRangeException>(() => net.HeadGradient(new float[8], 2)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => net.HeadIndex("policy")).ParamName);
    }

    [Fact]
    public void Validate_BadHeads_ListsEveryProblem()
    {
        var options = new MlpOptions { InputSize = 2, OutputSize = 3, Heads = [new MlpHead("a", 1), new MlpHead("a", 1)] };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("OutputSize must be 0 or the heads' total size 2, was 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'a' appears more than once", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1, 1.0, "name")]
    [InlineData("x", 0, 1.0, "size")]
    [InlineData("x", 1, 0.0, "gain")]
    [InlineData("x", 1, double.NaN, "gain")]
    public void Constructor_BadHeadArgument_ThrowsNamingIt(string name, int size, double gain, string parameter)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new MlpHead(name, size, gain));

        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void LoadSnapshot_TwoHeads_RoundTripsWeightsAndHeads()
    {
        Mlp source = TwoHeads(11);
        Mlp target = TwoHeads(12);
        float[] input = [0.5f, -1f, 2f];

        Snapshot.Load(target, Snapshot.ToBytes(source));

        Assert.Equal(source.Forward(input, 1).ToArray(), target.Forward(input, 1).ToArray());
        Assert.Equal(source.Heads.Select(h => (h.Name, h.Size)), target.Heads.Select(h => (h.Name, h.Size)));
    }

    [Fact]
    public void LoadSnapshot_HeadsSplitDifferently_ThrowsAndLeavesWeights()
    {
        Mlp source = TwoHeads(13);
        var target = new Mlp(
            new MlpOptions { InputSize = 3, HiddenSizes = [5], Activation = Activation.Tanh, Heads = [new MlpHead("logits", 2), new MlpHead("value", 2)], MaxBatchSize = 3 },
            new Xoshiro256Random(14));
        float[] before = target.Parameters[2].Values.ToArray();

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, Snapshot.ToBytes(source)));

        Assert.Contains("Head 0", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.Parameters[2].Values.ToArray());
    }
}
