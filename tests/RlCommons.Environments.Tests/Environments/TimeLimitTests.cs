using RlCommons.Environments.ClassicControl;

namespace RlCommons.Environments.Tests.Environments;

public sealed class TimeLimitTests
{
    [Fact]
    public void Step_AtMaxEpisodeSteps_SetsTruncatedOnlyThere()
    {
        // Pendulum never terminates, so only the limit can end the episode.
        var environment = new TimeLimit(new Pendulum(), 5);
        float[] observation = new float[3];
        environment.Reset(3, observation);

        var truncated = new List<bool>();
        for (int t = 0; t < 5; t++)
        {
            StepResult result = environment.Step([0.5f], observation);
            Assert.False(result.Terminated);
            truncated.Add(result.Truncated);
        }

        Assert.Equal([false, false, false, false, true], truncated);
        Assert.Equal(5, environment.ElapsedSteps);
    }

    [Fact]
    public void Reset_AfterTruncation_RestartsTheCount()
    {
        var environment = new TimeLimit(new Pendulum(), 2);
        float[] observation = new float[3];
        environment.Reset(3, observation);
        environment.Step([0f], observation);
        environment.Step([0f], observation);

        environment.Reset(null, observation);
        StepResult first = environment.Step([0f], observation);

        Assert.False(first.Truncated);
        Assert.Equal(1, environment.ElapsedSteps);
    }

    [Fact]
    public void Step_SameSeed_MatchesTheUnwrappedEnvironment()
    {
        var wrapped = new TimeLimit(new Acrobot(), 500);
        var bare = new Acrobot();
        float[] a = new float[6], b = new float[6];
        wrapped.Reset(11, a);
        bare.Reset(11, b);
        for (int t = 0; t < 20; t++)
        {
            StepResult ra = wrapped.Step(t % 3, a);
            StepResult rb = bare.Step(t % 3, b);

            Assert.Equal(rb, ra);
            Assert.Equal(b, a);
        }
    }

    [Fact]
    public void Constructor_ZeroSteps_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TimeLimit(new CartPole(), 0));

        Assert.Equal("maxEpisodeSteps", error.ParamName);
    }
}
