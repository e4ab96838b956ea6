using RlCommons.Algorithms.Dqn;

namespace RlCommons.Algorithms.Tests.Dqn;

public sealed class DqnOptionsTests
{
    [Fact]
    public void Defaults_AreStableBaselines3Defaults()
    {
        var options = new DqnOptions();

        Assert.Equal(1e-4, options.LearningRate);
        Assert.Equal(1_000_000, options.BufferSize);
        Assert.Equal(100, options.LearningStarts);
        Assert.Equal(32, options.BatchSize);
        Assert.Equal(1.0, options.Tau);
        Assert.Equal(0.99, options.Gamma);
        Assert.Equal(4, options.TrainFrequency);
        Assert.Equal(1, options.GradientSteps);
        Assert.Equal(10_000, options.TargetUpdateInterval);
        Assert.Equal(0.1, options.ExplorationFraction);
        Assert.Equal(1.0, options.ExplorationInitialEpsilon);
        Assert.Equal(0.05, options.ExplorationFinalEpsilon);
        Assert.Equal(10, options.MaxGradNorm);
        Assert.Equal([64, 64], options.HiddenSizes);
        Assert.True(options.HuberLoss);
        Assert.False(options.DoubleQ);
        Assert.False(options.Dueling);
        Assert.False(options.PrioritizedReplay);
        Assert.Equal(1, options.NSteps);
    }

    [Fact]
    public void CartPoleZoo_IsTheZooPreset()
    {
        DqnOptions options = DqnOptions.CartPoleZoo(seed: 7);

        Assert.Equal(7, options.Seed);
        Assert.Equal(2.3e-3, options.LearningRate);
        Assert.Equal(64, options.BatchSize);
        Assert.Equal(100_000, options.BufferSize);
        Assert.Equal(1000, options.LearningStarts);
        Assert.Equal(0.99, options.Gamma);
        Assert.Equal(10, options.TargetUpdateInterval);
        Assert.Equal(256, options.TrainFrequency);
        Assert.Equal(128, options.GradientSteps);
        Assert.Equal(0.16, options.ExplorationFraction);
        Assert.Equal(0.04, options.ExplorationFinalEpsilon);
        Assert.Equal([256, 256], options.HiddenSizes);
    }

    [Fact]
    public void Validate_ManyProblems_ListsEveryOne()
    {
        var options = new DqnOptions
        {
            LearningRate = double.NaN,
            BufferSize = 0,
            BatchSize = 0,
            Tau = 0,
            Gamma = 1.5,
            TrainFrequency = 0,
            ExplorationFinalEpsilon = -0.1,
            NSteps = 0,
            HiddenSizes = [64, 0],
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        foreach (string name in new[] { "LearningRate", "BufferSize", "BatchSize", "Tau", "Gamma", "TrainFrequency", "ExplorationFinalEpsilon", "NSteps", "HiddenSizes" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }
}
