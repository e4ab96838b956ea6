using RlCommons.Algorithms.Contextual;
using RlCommons.Algorithms.Offline;
using RlCommons.Randomness;
using Xunit;

namespace RlCommons.Algorithms.Tests.Offline;

public sealed class RidgeCrossValidationTests
{
    [Fact]
    public void AddHeldOutErrors_RandomRows_MatchesFoldByFoldRidgeFits()
    {
        const int rows = 23, dimension = 3, targets = 2, folds = 4;
        var random = new Xoshiro256Random(7);
        var features = new ReadOnlyMemory<float>[rows];
        var y = new double[rows * targets];
        for (int i = 0; i < rows; i++)
        {
            features[i] = new float[] { (float)random.NextDouble(), (float)(random.NextDouble() - 0.5), 1f };
            y[(i * targets) + 0] = random.NextDouble();
            y[(i * targets) + 1] = (2 * random.NextDouble()) - 1;
        }

        double[] lambdas = [0.05, 1, 20];
        var errors = new double[lambdas.Length];
        RidgeCrossValidation.AddHeldOutErrors(features, y, targets, dimension, folds, lambdas, i => i != 5, errors);

        // The same errors from the linear bandits' incremental ridge regressions, one per fold and target.
        for (int c = 0; c < lambdas.Length; c++)
        {
            double expected = 0;
            for (int f = 0; f < folds; f++)
            {
                var model = new LinearEpsilonGreedyBandit(new LinearEpsilonGreedyOptions { ArmCount = targets, Dimension = dimension, Lambda = lambdas[c], Epsilon = 0, Seed = 0 });
                for (int i = 0; i < rows; i++)
                {
                    if (i % folds != f && i != 5)
                    {
                        for (int j = 0; j < targets; j++)
                        {
                            model.Update(j, features[i].Span, y[(i * targets) + j]);
                        }
                    }
                }

                for (int i = f; i < rows; i += folds)
                {
                    if (i != 5)
                    {
                        for (int j = 0; j < targets; j++)
                        {
                            double residual = y[(i * targets) + j] - model.Predict(j, features[i].Span);
                            expected += residual * residual;
                        }
                    }
                }
            }

            Assert.Equal(expected, errors[c], 9);
        }
    }

    [Theory]
    [InlineData(new[] { 3.0, 1.0, 2.0 }, 1)]
    [InlineData(new[] { 1.0, 1.0, 2.0 }, 0)]
    [InlineData(new[] { 2.0, 2.0, 0.5 }, 2)]
    public void ArgMin_Errors_ReturnsTheFirstSmallest(double[] errors, int expected)
        => Assert.Equal(expected, RidgeCrossValidation.ArgMin(errors));
}
