using RlCommons.Environments.ClassicControl;
using RlCommons.Spaces;

namespace RlCommons.Environments.Tests.ClassicControl;

public sealed class ClassicControlEnvironmentsTests
{
    [Theory]
    [InlineData("CartPole-v1", 500, typeof(CartPole), 4)]
    [InlineData("Acrobot-v1", 500, typeof(Acrobot), 6)]
    [InlineData("MountainCar-v0", 200, typeof(MountainCar), 2)]
    [InlineData("Pendulum-v1", 200, typeof(Pendulum), 3)]
    public void Make_KnownId_WrapsTheTaskInGymnasiumsTimeLimit(string id, int maxSteps, Type task, int observationDimension)
    {
        TimeLimit environment = ClassicControlEnvironments.Make(id);

        Assert.Equal(maxSteps, environment.MaxEpisodeSteps);
        Assert.IsType(task, environment.Inner);
        Assert.Equal(observationDimension, environment.ObservationSpace.FlatDimension);
    }

    [Fact]
    public void Make_UnknownId_ThrowsNamingTheId()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassicControlEnvironments.Make("cartpole-v1"));

        Assert.Equal("id", error.ParamName);
    }

    [Fact]
    public void Make_Pendulum_HasGymnasiumsTorqueBounds()
    {
        var actions = Assert.IsType<BoxSpace>(ClassicControlEnvironments.Make("Pendulum-v1").ActionSpace);

        Assert.Equal([-2f], actions.Low.ToArray());
        Assert.Equal([2f], actions.High.ToArray());
    }

    [Fact]
    public void Step_MountainCarWithoutPush_TruncatesAtStep200()
    {
        // MountainCar with the "no push" action never reaches the goal from the valley: only the limit ends it.
        TimeLimit environment = ClassicControlEnvironments.Make("MountainCar-v0");
        float[] observation = new float[2];
        environment.Reset(0, observation);
        int steps = 0;
        StepResult result;
        do
        {
            result = environment.Step(1, observation);
            steps++;
        }
        while (!result.EpisodeEnded);

        Assert.Equal(200, steps);
        Assert.True(result.Truncated);
        Assert.False(result.Terminated);
    }
}
