using RlCommons.Neural.Activations;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Losses;
using RlCommons.Neural.Optimizers;
using RlCommons.Randomness;
using RlCommons.Schedules;

namespace RlCommons.Neural.Tests.Layers;

public sealed class MlpLearningTests
{
    private static readonly float[] XorInputs = [0f, 0f, 0f, 1f, 1f, 0f, 1f, 1f];
    private static readonly float[] XorTargets = [0f, 1f, 1f, 0f];

    private static float TrainXor(ulong seed, int steps)
    {
        var net = new Mlp(new MlpOptions { InputSize = 2, HiddenSizes = [8], OutputSize = 1, Activation = Activation.Tanh, MaxBatchSize = 4 }, new Xoshiro256Random(seed));
        var adam = new Adam(net.Parameters, Schedule.Constant(0.05));
        var gradient = new float[4];
        float loss = 0;
        for (int i = 0; i < steps; i++)
        {
            loss = MeanSquaredError.Compute(net.Forward(XorInputs, 4), XorTargets, gradient);
            net.Backward(gradient);
            adam.Step();
        }

        return loss;
    }

    [Fact]
    public void Train_XorWithAdam_ReachesLowLoss()
    {
        float loss = TrainXor(42, 500);

        Assert.True(loss < 1e-3f, $"loss after 500 steps was {loss}");
    }

    [Fact]
    public void TrainStep_SteadyState_AllocatesNothing()
    {
        var net = new Mlp(new MlpOptions { InputSize = 4, HiddenSizes = [64, 64], OutputSize = 2, MaxBatchSize = 64 }, new Xoshiro256Random(1));
        var adam = new Adam(net.Parameters, Schedule.Linear(1e-3, 1e-4, 1000));
        var inputs = new float[64 * 4];
        var targets = new float[64 * 2];
        var gradient = new float[64 * 2];
        inputs.AsSpan().Fill(0.5f);
        void Step()
        {
            HuberLoss.Compute(net.Forward(inputs, 64), targets, gradient);
            net.Backward(gradient);
            GradientClipping.ClipByGlobalNorm(net.Parameters, 0.5);
            adam.Step();
        }

        for (int i = 0; i < 50; i++)
        {
            Step();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Step();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Train_SameSeed_GivesIdenticalLoss()
    {
        Assert.Equal(TrainXor(9, 50), TrainXor(9, 50));
    }
}
