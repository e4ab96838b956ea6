using RlCommons.Environments.ClassicControl;
using RlCommons.Spaces;

namespace RlCommons.Environments.Tests.Environments;

public sealed class SyncVectorEnvironmentTests
{
    [Fact]
    public void Reset_Seed_SeedsCopyIWithSeedPlusI()
    {
        var vector = new SyncVectorEnvironment(3, _ => new CartPole());
        float[] observations = new float[12];

        vector.Reset(10, observations);

        for (int i = 0; i < 3; i++)
        {
            float[] single = new float[4];
            new CartPole().Reset(10 + i, single);
            Assert.Equal(single, observations[(i * 4)..((i + 1) * 4)]);
        }
    }

    [Fact]
    public void Step_EpisodeEnds_ReturnsTheNextFirstObservationAndKeepsTheFinalOne()
    {
        // Copy 0 is limited to 3 steps, copy 1 to 100: only copy 0 ends at step 3.
        var vector = new SyncVectorEnvironment(2, i => new TimeLimit(new Pendulum(), i == 0 ? 3 : 100));
        var reference = new Pendulum();
        float[] observations = new float[6], expected = new float[3];
        var results = new StepResult[2];
        vector.Reset(5, observations);
        reference.Reset(5, expected);

        for (int t = 0; t < 3; t++)
        {
            vector.Step([1f, -1f], observations, results);
            reference.Step([1f], expected);
        }

        Assert.True(results[0].Truncated);
        Assert.False(results[1].EpisodeEnded);
        Assert.Equal(expected, vector.FinalObservation(0).ToArray());

        // The same-step reset continued copy 0's stream, as an unseeded reset of the reference does.
        reference.Reset(null, expected);
        Assert.Equal(expected, observations[..3]);
        Assert.Throws<InvalidOperationException>(() => vector.FinalObservation(1));
    }

    [Fact]
    public void Step_TerminatedCopy_IsResetInTheSameStep()
    {
        var vector = new SyncVectorEnvironment(1, _ => new CartPole());
        float[] observation = new float[4];
        var results = new StepResult[1];
        vector.Reset(0, observation);

        // Pushing right every step topples the pole within a few dozen steps.
        int steps = 0;
        do
        {
            vector.Step([1], observation, results);
            steps++;
        }
        while (!results[0].Terminated && steps < 500);

        Assert.True(results[0].Terminated);
        float[] final = vector.FinalObservation(0).ToArray();
        Assert.True(Math.Abs(final[2]) > 12 * 2 * Math.PI / 360 || Math.Abs(final[0]) > 2.4);
        Assert.All(observation, v => Assert.InRange(v, -0.05f, 0.05f));
    }

    [Fact]
    public void Step_ActionsOfWrongLength_ThrowsNamingTheActions()
    {
        var vector = new SyncVectorEnvironment(2, _ => new CartPole());
        float[] observations = new float[8];
        vector.Reset(0, observations);

        var error = Assert.Throws<ArgumentException>(() => vector.Step([1], observations, new StepResult[2]));

        Assert.Equal("actions", error.ParamName);
    }

    [Fact]
    public void Step_ObservationsOfWrongLength_ThrowsNamingTheObservations()
    {
        var vector = new SyncVectorEnvironment(2, _ => new CartPole());
        vector.Reset(0, new float[8]);

        var error = Assert.Throws<ArgumentException>(() => vector.Step([1, 0], new float[4], new StepResult[2]));

        Assert.Equal("observations", error.ParamName);
    }

    [Fact]
    public void Constructor_SameInstanceTwice_Throws()
    {
        var shared = new CartPole();

        var error = Assert.Throws<ArgumentException>(() => new SyncVectorEnvironment(2, _ => shared));

        Assert.Equal("factory", error.ParamName);
    }

    [Fact]
    public void Constructor_DifferentSpaces_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new SyncVectorEnvironment(2, i => i == 0 ? new CartPole() : new Acrobot()));

        Assert.Equal("factory", error.ParamName);
    }

    [Fact]
    public void Step_MultiDiscreteAndCompositeSpaces_EachCopyReceivesItsSliceOfComponentValues()
    {
        var multiDiscrete = new RecordingEnvironment(new MultiDiscreteSpace(3, 2));
        var composite = new RecordingEnvironment(new CompositeSpace(("a", new DiscreteSpace(4)), ("b", new MultiDiscreteSpace(2, 2)), ("c", new BoxSpace(0f, 1f, 2))));
        var copies = new[] { multiDiscrete, new RecordingEnvironment(multiDiscrete.ActionSpace) };
        var vector = new SyncVectorEnvironment(2, i => copies[i]);
        var single = new SyncVectorEnvironment(1, _ => composite);
        var results = new StepResult[2];
        vector.Reset(1, new float[2]);
        single.Reset(1, new float[1]);

        vector.Step([2f, 1f, 0f, 1f], new float[2], results);
        single.Step([3f, 1f, 0f, 0.25f, 0.5f], new float[1], results.AsSpan(0, 1));

        Assert.Equal([2f, 1f], copies[0].LastAction);
        Assert.Equal([0f, 1f], copies[1].LastAction);
        Assert.Equal([3f, 1f, 0f, 0.25f, 0.5f], composite.LastAction);
        Assert.Equal("actions", Assert.Throws<ArgumentException>(() => vector.Step([1f, 1f, 1f], new float[2], results)).ParamName);
    }

    private sealed class RecordingEnvironment(Space actionSpace) : IEnvironment
    {
        public Space ObservationSpace { get; } = new BoxSpace(0f, 1f, 1);

        public Space ActionSpace => actionSpace;

        public float[] LastAction { get; private set; } = [];

        public void Reset(long? seed, Span<float> observation) => observation.Clear();

        public StepResult Step(int action, Span<float> observation) => throw new NotSupportedException();

        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            LastAction = action.ToArray();
            return new StepResult(0, false, false);
        }
    }
}
