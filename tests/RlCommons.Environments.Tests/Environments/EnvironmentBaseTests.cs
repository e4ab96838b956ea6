using RlCommons.Environments.ClassicControl;
using RlCommons.Spaces;

namespace RlCommons.Environments.Tests.Environments;

public sealed class EnvironmentBaseTests
{
    [Fact]
    public void Reset_SameSeed_GivesTheSameTrajectory()
    {
        float[][] first = Rollout(new CartPole(), seed: 42, steps: 30);
        float[][] second = Rollout(new CartPole(), seed: 42, steps: 30);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Reset_DifferentSeeds_GiveDifferentStarts()
    {
        var environment = new CartPole();
        float[] a = new float[4], b = new float[4];

        environment.Reset(1, a);
        environment.Reset(2, b);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Reset_WithoutSeed_ContinuesTheStreamOfTheLastSeed()
    {
        var environment = new Pendulum();
        float[] seeded = new float[3], continued = new float[3], again = new float[3], continuedAgain = new float[3];

        environment.Reset(7, seeded);
        environment.Reset(null, continued);
        environment.Reset(7, again);
        environment.Reset(null, continuedAgain);

        Assert.Equal(seeded, again);
        Assert.Equal(continued, continuedAgain);
        Assert.NotEqual(seeded, continued);
    }

    [Fact]
    public void Reset_StartState_LiesInGymnasiumsRange()
    {
        var environment = new MountainCar();
        float[] observation = new float[2];
        for (int seed = 0; seed < 50; seed++)
        {
            environment.Reset(seed, observation);

            Assert.InRange(observation[0], -0.6f, -0.4f);
            Assert.Equal(0f, observation[1]);
        }
    }

    [Fact]
    public void Step_DiscreteActionOutOfRange_ThrowsNamingTheAction()
    {
        var environment = new CartPole();
        float[] observation = new float[4];
        environment.Reset(0, observation);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => environment.Step(2, observation));

        Assert.Equal("action", error.ParamName);
    }

    [Fact]
    public void Step_ContinuousActionOfWrongLength_ThrowsNamingTheAction()
    {
        var environment = new Pendulum();
        float[] observation = new float[3];
        environment.Reset(0, observation);

        var error = Assert.Throws<ArgumentException>(() => environment.Step([1f, 1f], observation));

        Assert.Equal("action", error.ParamName);
    }

    [Fact]
    public void Step_NaNAction_ThrowsNamingTheAction()
    {
        var environment = new Pendulum();
        float[] observation = new float[3];
        environment.Reset(0, observation);

        var error = Assert.Throws<ArgumentException>(() => environment.Step([float.NaN], observation));

        Assert.Equal("action", error.ParamName);
    }

    [Fact]
    public void Step_ContinuousActionOnDiscreteTask_ThrowsNotSupported()
    {
        var environment = new CartPole();
        float[] observation = new float[4];
        environment.Reset(0, observation);

        Assert.Throws<NotSupportedException>(() => environment.Step([1f], observation));
    }

    [Fact]
    public void Step_ObservationOfWrongLength_ThrowsNamingTheObservation()
    {
        var environment = new Acrobot();
        float[] observation = new float[6];
        environment.Reset(0, observation);

        var error = Assert.Throws<ArgumentException>(() => environment.Step(0, new float[4]));

        Assert.Equal("observation", error.ParamName);
        Assert.Contains("length 6, got 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_ObservationOfWrongLength_ThrowsNamingTheObservation()
    {
        var error = Assert.Throws<ArgumentException>(() => new CartPole().Reset(0, new float[5]));

        Assert.Equal("observation", error.ParamName);
    }

    [Fact]
    public void Step_BeforeReset_ThrowsInvalidOperation()
    {
        Assert.Throws<InvalidOperationException>(() => new MountainCar().Step(1, new float[2]));
    }

    private static float[][] Rollout(IEnvironment environment, long seed, int steps)
    {
        var observations = new List<float[]>();
        float[] observation = new float[environment.ObservationSpace.FlatDimension];
        environment.Reset(seed, observation);
        observations.Add((float[])observation.Clone());
        for (int t = 0; t < steps; t++)
        {
            if (environment.Step(t % 2, observation).EpisodeEnded)
            {
                environment.Reset(null, observation);
            }

            observations.Add((float[])observation.Clone());
        }

        return [.. observations];
    }

    [Fact]
    public void Step_MultiDiscreteSpace_PassesTheComponentValuesAsIntegers()
    {
        var environment = new Components();
        float[] observation = new float[1];
        environment.Reset(1, observation);

        environment.Step([2f, 0f, 1f], observation);

        Assert.Equal([2, 0, 1], environment.Last!);
    }

    [Theory]
    [InlineData(new[] { 3f, 0f, 1f }, "action[0]")]
    [InlineData(new[] { 1f, 0.5f, 1f }, "action[1]")]
    [InlineData(new[] { 1f, 0f, -1f }, "action[2]")]
    [InlineData(new[] { 1f, 0f }, "Expected 3 component values")]
    public void Step_MultiDiscreteValueOutOfRangeOrNotAnInteger_ThrowsNamingTheAction(float[] action, string message)
    {
        var environment = new Components();
        environment.Reset(1, new float[1]);

        var error = Assert.Throws<ArgumentException>(() => environment.Step(action, new float[1]));

        Assert.Equal("action", error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Null(environment.Last);
        Assert.Throws<NotSupportedException>(() => environment.Step(1, new float[1]));
    }

    private sealed class Components() : EnvironmentBase(new BoxSpace(0f, 1f, 1), new MultiDiscreteSpace(3, 2, 2))
    {
        public int[]? Last { get; private set; }

        protected override void ResetCore(Span<float> observation) => observation.Clear();

        protected override StepResult StepCore(ReadOnlySpan<int> action, Span<float> observation)
        {
            Last = action.ToArray();
            return new StepResult(1, true, false);
        }
    }
}
