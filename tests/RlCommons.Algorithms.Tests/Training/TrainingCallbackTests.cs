using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Dqn;
using RlCommons.Snapshots;
using RlCommons.Algorithms.Training;

namespace RlCommons.Algorithms.Tests.Training;

public sealed class TrainingCallbackTests
{
    private static DqnAgent NewAgent() => new(2, 3, new DqnOptions { Seed = 2, LearningStarts = 50, BatchSize = 16, BufferSize = 500, TrainFrequency = 1, HiddenSizes = [8] });

    [Fact]
    public void OnStep_ReturningFalse_StopsAfterThatStep()
    {
        var recorder = new Recorder(stopAt: 37);

        TrainingResult result = NewAgent().Learn(new TwoStepChain(), 1000, [recorder]);

        Assert.True(result.StoppedByCallback);
        Assert.Equal(37, result.Progress.Step);
        Assert.Equal(1, recorder.Starts);
        Assert.Equal(1, recorder.Ends);
        Assert.Equal(37, recorder.Steps);
        Assert.Equal(18, recorder.Episodes); // two steps per episode
        Assert.Equal(18, result.EpisodeReturns.Count);
    }

    [Fact]
    public void Learn_AllSteps_ReportsProgressAtEveryEpisodeAndAtTheEnd()
    {
        var reports = new List<TrainingProgress>();
        var progress = new SynchronousProgress(reports.Add);

        TrainingResult result = NewAgent().Learn(new TwoStepChain(), 100, progress: progress);

        Assert.False(result.StoppedByCallback);
        Assert.Equal(51, reports.Count);
        Assert.Equal(100, reports[^1].Step);
        Assert.Equal(50, reports[^1].Episodes);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(2, reports[0].LastEpisodeLength);
        Assert.Equal(result.EpisodeReturns.TakeLast(50).Average(), reports[^1].MeanRecentReturn, 12);
    }

    [Fact]
    public void EvaluationCallback_EveryFrequencySteps_RecordsAndCanStopAtThreshold()
    {
        var evaluation = new EvaluationCallback(new TwoStepChain(), frequency: 100, episodes: 3, seed: 0);
        NewAgent().Learn(new TwoStepChain(), 450, [evaluation]);

        Assert.Equal([100L, 200L, 300L, 400L], evaluation.Evaluations.Select(e => e.Step));
        Assert.All(evaluation.Evaluations, e => Assert.Equal(3, e.Result.Returns.Count));

        // Any policy earns at least 0 per episode, so a threshold of 0 stops at the first evaluation.
        var stopper = new EvaluationCallback(new TwoStepChain(), frequency: 20, episodes: 1, seed: 0, stopAtMeanReturn: 0);
        TrainingResult result = NewAgent().Learn(new TwoStepChain(), 450, [stopper]);
        Assert.True(result.StoppedByCallback);
        Assert.Equal(20, result.Progress.Step);
    }

    [Fact]
    public void CheckpointCallback_SavesLoadableSnapshots()
    {
        string directory = Path.Combine(Path.GetTempPath(), "rlcommons-checkpoints-" + Guid.NewGuid().ToString("N"));
        try
        {
            var checkpoints = new CheckpointCallback(directory, frequency: 40, prefix: "dqn");
            DqnAgent agent = NewAgent();
            agent.Learn(new TwoStepChain(), 100, [checkpoints]);

            Assert.Equal(["dqn_40.rlcs", "dqn_80.rlcs", "dqn_100.rlcs"], checkpoints.SavedPaths.Select(Path.GetFileName));
            DqnAgent restored = NewAgent();
            Snapshot.Load(restored, checkpoints.SavedPaths[^1]);
            Assert.Equal(100, restored.Timesteps);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Constructors_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationCallback(new TwoStepChain(), 0, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationCallback(new TwoStepChain(), 1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationCallback(new TwoStepChain(), 1, 1, 0, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointCallback("dir", 0));
        Assert.Throws<ArgumentException>(() => new CheckpointCallback("dir", 1, "bad/name\0"));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewAgent().Learn(new TwoStepChain(), 0));
    }

    private sealed class Recorder(long stopAt) : TrainingCallback
    {
        public int Starts { get; private set; }

        public int Ends { get; private set; }

        public int Steps { get; private set; }

        public int Episodes { get; private set; }

        public override void OnTrainingStart(object agent, TrainingProgress progress) => Starts++;

        public override bool OnStep(object agent, TrainingProgress progress)
        {
            Steps++;
            return progress.Step < stopAt;
        }

        public override void OnEpisodeEnd(object agent, TrainingProgress progress) => Episodes++;

        public override void OnTrainingEnd(object agent, TrainingProgress progress) => Ends++;
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
