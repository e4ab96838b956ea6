using RlCommons.Neural.Activations;
using RlCommons.Neural.Initializers;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Losses;
using RlCommons.Neural.Optimizers;
using RlCommons.Randomness;
using RlCommons.Schedules;
using RlCommons.Snapshots;

namespace RlCommons.Neural.Tests.Layers;

public sealed class MlpSnapshotTests
{
    private static readonly float[] Inputs = [0.3f, -1f, 0.5f, 2f, 0f, -0.7f];
    private static readonly float[] Targets = [1f, -1f, 0.5f, 0f];

    private static Mlp Net(ulong seed, int[]? hidden = null) => new(
        new MlpOptions { InputSize = 3, HiddenSizes = hidden ?? [5], OutputSize = 2, Activation = Activation.Tanh, MaxBatchSize = 2, Initialization = WeightInitialization.Orthogonal },
        new Xoshiro256Random(seed));

    private static void Train(Mlp net, Optimizer optimizer, int steps)
    {
        var gradient = new float[4];
        for (int i = 0; i < steps; i++)
        {
            HuberLoss.Compute(net.Forward(Inputs, 2), Targets, gradient);
            net.Backward(gradient);
            GradientClipping.ClipByGlobalNorm(net.Parameters, 0.5);
            optimizer.Step();
        }
    }

    private static void AssertSameWeights(Mlp a, Mlp b)
    {
        for (int i = 0; i < a.Parameters.Count; i++)
        {
            Assert.Equal(a.Parameters[i].Values.ToArray(), b.Parameters[i].Values.ToArray());
        }
    }

    [Fact]
    public void LoadSnapshot_TrainedWeights_RoundTripBitExact()
    {
        Mlp source = Net(1);
        Train(source, new Adam(source.Parameters, Schedule.Constant(0.01)), 3);
        Mlp target = Net(2);

        Snapshot.Load(target, Snapshot.ToBytes(source));

        AssertSameWeights(source, target);
        Assert.Equal(source.Forward(Inputs, 2).ToArray(), target.Forward(Inputs, 2).ToArray());
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    [InlineData("rmsprop")]
    public void LoadSnapshot_OptimizerMidTraining_ContinuesIdentically(string kind)
    {
        static Optimizer Make(string kind, Mlp net) => kind switch
        {
            "adam" => new Adam(net.Parameters, Schedule.Linear(0.01, 0.001, 10)),
            "sgd" => new Sgd(net.Parameters, Schedule.Constant(0.05), momentum: 0.9),
            _ => new RmsProp(net.Parameters, Schedule.Constant(0.01)),
        };

        Mlp netA = Net(3);
        Optimizer optA = Make(kind, netA);
        Train(netA, optA, 4);
        Mlp netB = Net(4);
        Optimizer optB = Make(kind, netB);
        Snapshot.Load(netB, Snapshot.ToBytes(netA));
        Snapshot.Load(optB, Snapshot.ToBytes(optA));

        Train(netA, optA, 3);
        Train(netB, optB, 3);

        Assert.Equal(7, optB.StepCount);
        AssertSameWeights(netA, netB);
    }

    [Fact]
    public void LoadSnapshot_DifferentShape_ThrowsAndLeavesWeights()
    {
        Mlp wide = Net(5, [6]);
        Mlp narrow = Net(6);
        float[] before = narrow.Parameters[0].Values.ToArray();

        Assert.Throws<SnapshotException>(() => Snapshot.Load(narrow, Snapshot.ToBytes(wide)));

        Assert.Equal(before, narrow.Parameters[0].Values.ToArray());
    }

    [Fact]
    public void LoadSnapshot_OptimizerForOtherParameterCount_Throws()
    {
        Mlp one = Net(7);
        Mlp two = Net(8, [4, 4]);
        var adamOne = new Adam(one.Parameters, Schedule.Constant(0.01));
        var adamTwo = new Adam(two.Parameters, Schedule.Constant(0.01));

        Assert.Throws<SnapshotException>(() => Snapshot.Load(adamTwo, Snapshot.ToBytes(adamOne)));
        Assert.Equal(0, adamTwo.StepCount);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void LoadSnapshot_NonFiniteWeight_ThrowsSnapshotExceptionAndLeavesWeights(float poison)
    {
        // The hardening issue: a snapshot with NaN weights used to load without complaint.
        Mlp source = Net(1);
        source.Parameters[2].Values[3] = poison;
        byte[] bytes = Snapshot.ToBytes(source);
        Mlp target = Net(2);
        float[][] before = [.. target.Parameters.Select(p => p.Values.ToArray())];

        var ex = Assert.Throws<SnapshotException>(() => Snapshot.Load(target, bytes));

        Assert.Contains("[3]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("finite", ex.Message, StringComparison.Ordinal);
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i], target.Parameters[i].Values.ToArray());
        }
    }

    [Fact]
    public void LoadSnapshot_LargestFiniteWeights_RoundTrip()
    {
        Mlp source = Net(1);
        source.Parameters[0].Values.Fill(float.MaxValue);
        source.Parameters[1].Values.Fill(-float.MaxValue);
        Mlp target = Net(2);

        Snapshot.Load(target, Snapshot.ToBytes(source));

        AssertSameWeights(source, target);
    }
}
