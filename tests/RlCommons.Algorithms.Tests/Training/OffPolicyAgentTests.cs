using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Dqn;
using RlCommons.Environments.ClassicControl;
using RlCommons.Algorithms.Sac;
using RlCommons.Snapshots;
using RlCommons.Spaces;

namespace RlCommons.Algorithms.Tests.Training;

public sealed class OffPolicyAgentTests
{
    private static readonly BoxSpace Torque = (BoxSpace)ClassicControlEnvironments.Make("Pendulum-v1").ActionSpace;

    private static DqnOptions Dqn(int[] hidden) => new()
    {
        Seed = 4,
        LearningStarts = 20,
        BatchSize = 8,
        BufferSize = 200,
        TrainFrequency = 3,
        GradientSteps = 2,
        HiddenSizes = hidden,
        TimeProvider = FixedTimeProvider.Instance,
    };

    private static SacOptions Sac(int[] hidden) => new()
    {
        Seed = 4,
        LearningStarts = 100,
        BatchSize = 16,
        BufferSize = 500,
        TrainFrequency = 3,
        GradientSteps = 2,
        HiddenSizes = hidden,
        TimeProvider = FixedTimeProvider.Instance,
    };

    [Fact]
    public void Learn_DqnSchedule_TrainsEveryTrainFrequencyStepsPastLearningStarts()
    {
        var agent = new DqnAgent(2, 3, Dqn([8]));

        agent.Learn(new TwoStepChain(), 200);

        // Steps 21, 24, …, 198 (60 of them) train, two gradient steps each.
        Assert.Equal(200, agent.Timesteps);
        Assert.Equal(120, agent.GradientSteps);
        Assert.Equal(200, agent.BufferCount);
    }

    [Fact]
    public void Learn_SacSchedule_TrainsEveryTrainFrequencyStepsPastLearningStarts()
    {
        var agent = new SacAgent(3, Torque, Sac([8]));

        agent.Learn(ClassicControlEnvironments.Make("Pendulum-v1"), 400);

        // Steps 102, 105, …, 399 (100 of them) train, two gradient steps each.
        Assert.Equal(400, agent.Timesteps);
        Assert.Equal(200, agent.GradientSteps);
        Assert.Equal(400, agent.BufferCount);
    }

    [Fact]
    public void DqnConstructor_OptionsChangedAfterwards_LearnsAsIfUnchanged()
    {
        int[] hidden = [8];
        DqnOptions options = Dqn(hidden);
        var agent = new DqnAgent(2, 3, options);
        options.LearningRate = 0.5;
        options.Gamma = 0;
        options.LearningStarts = 1000;
        options.TrainFrequency = 7;
        options.ExplorationFinalEpsilon = 1;
        hidden[0] = 3;
        var reference = new DqnAgent(2, 3, Dqn([8]));

        agent.Learn(new TwoStepChain(), 300);
        reference.Learn(new TwoStepChain(), 300);

        Assert.Equal(Snapshot.ToBytes(reference, FixedTimeProvider.Instance), Snapshot.ToBytes(agent, FixedTimeProvider.Instance));
    }

    [Fact]
    public void SacConstructor_OptionsChangedAfterwards_LearnsAsIfUnchanged()
    {
        int[] hidden = [8];
        SacOptions options = Sac(hidden);
        var agent = new SacAgent(3, Torque, options);
        options.LearningRate = 0.5;
        options.Gamma = 0;
        options.Tau = 1;
        options.GradientSteps = 5;
        options.AutoEntropy = false;
        hidden[0] = 3;
        var reference = new SacAgent(3, Torque, Sac([8]));

        agent.Learn(ClassicControlEnvironments.Make("Pendulum-v1"), 200);
        reference.Learn(ClassicControlEnvironments.Make("Pendulum-v1"), 200);

        Assert.Equal(Snapshot.ToBytes(reference, FixedTimeProvider.Instance), Snapshot.ToBytes(agent, FixedTimeProvider.Instance));
    }

    [Fact]
    public void Options_ReturnsACopyThatDoesNotReachTheAgent()
    {
        var dqn = new DqnAgent(2, 3, Dqn([8]));
        var sac = new SacAgent(3, Torque, Sac([8]));

        DqnOptions dqnCopy = dqn.Options;
        dqnCopy.Gamma = 0.5;
        SacOptions sacCopy = sac.Options;
        sacCopy.Gamma = 0.5;

        Assert.NotSame(dqnCopy, dqn.Options);
        Assert.Equal(0.99, dqn.Options.Gamma);
        Assert.Equal([8], dqn.Options.HiddenSizes);
        Assert.NotSame(sacCopy, sac.Options);
        Assert.Equal(0.99, sac.Options.Gamma);
        Assert.Equal([8], sac.Options.HiddenSizes);
    }
}
