using MathNet.Numerics.LinearAlgebra;
using RlCommons.Decisions;

namespace RlCommons.Monitoring.OffPolicy;

/// <summary>
/// A reward model with one ridge regression per action: <c>q̂(x, a) = β_a · [1, x]</c>, where
/// <c>β_a = (XᵀX + λI)⁻¹ Xᵀr</c> over the logged decisions that took action a. The intercept is penalised too, so an
/// action never logged predicts 0.
/// </summary>
/// <remarks>Thread safety: immutable after <see cref="Fit"/>; <see cref="Predict"/> is safe from any thread.</remarks>
public sealed class RidgeRewardModel : IRewardModel
{
    private readonly double[][] _coefficients;

    private RidgeRewardModel(double[][] coefficients) => _coefficients = coefficients;

    /// <summary>The fitted coefficients of each action: the intercept first, then one per feature.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Coefficients => _coefficients;

    /// <summary>Fits one ridge regression per action on the logged rewards.</summary>
    /// <param name="logs">The logged decisions, all rewarded and with the same number of features.</param>
    /// <param name="actionCount">The number of actions, at least 1.</param>
    /// <param name="lambda">The ridge penalty λ, positive. The default is 1.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">The logs are empty or inconsistent, or λ is not positive.</exception>
    public static RidgeRewardModel Fit(IReadOnlyList<DecisionLogEntry> logs, int actionCount, double lambda = 1.0)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        if (!(lambda > 0) || double.IsInfinity(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The ridge penalty must be a positive finite number.");
        }

        int dimension = LogValidation.Check(logs, actionCount, nameof(logs)) + 1;
        var gram = new double[actionCount][];
        var moments = new double[actionCount][];
        for (int a = 0; a < actionCount; a++)
        {
            gram[a] = new double[dimension * dimension];
            moments[a] = new double[dimension];
            for (int i = 0; i < dimension; i++)
            {
                gram[a][(i * dimension) + i] = lambda;
            }
        }

        var row = new double[dimension];
        foreach (DecisionLogEntry entry in logs)
        {
            DecisionRecord d = entry.Decision;
            double reward = entry.Reward!.Value;
            Augment(d.Features.Span, row);
            double[] g = gram[d.Action];
            double[] m = moments[d.Action];
            for (int i = 0; i < dimension; i++)
            {
                m[i] += row[i] * reward;
                for (int j = 0; j < dimension; j++)
                {
                    g[(i * dimension) + j] += row[i] * row[j];
                }
            }
        }

        var coefficients = new double[actionCount][];
        for (int a = 0; a < actionCount; a++)
        {
            // XᵀX + λI is symmetric positive definite: Cholesky is the stable solve.
            coefficients[a] = Matrix<double>.Build.Dense(dimension, dimension, gram[a]).Cholesky().Solve(Vector<double>.Build.Dense(moments[a])).ToArray();
        }

        return new RidgeRewardModel(coefficients);
    }

    /// <inheritdoc/>
    public double Predict(ReadOnlySpan<float> features, int action)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(action);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(action, _coefficients.Length);
        double[] beta = _coefficients[action];
        if (features.Length != beta.Length - 1)
        {
            throw new ArgumentException($"The features have {features.Length} values; the model was fitted on {beta.Length - 1}.", nameof(features));
        }

        double sum = beta[0];
        for (int i = 0; i < features.Length; i++)
        {
            sum += beta[i + 1] * features[i];
        }

        return sum;
    }

    private static void Augment(ReadOnlySpan<float> features, double[] row)
    {
        row[0] = 1;
        for (int i = 0; i < features.Length; i++)
        {
            row[i + 1] = features[i];
        }
    }
}
