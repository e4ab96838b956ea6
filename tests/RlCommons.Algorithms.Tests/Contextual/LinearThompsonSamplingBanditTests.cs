using MathNet.Numerics.LinearAlgebra;
using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Contextual;

namespace RlCommons.Algorithms.Tests.Contextual;

/// <summary>Linear Thompson sampling (Agrawal &amp; Goyal 2013): Cholesky-based posterior draws θ̃ ~ N(θ, v²A⁻¹).</summary>
public class LinearThompsonSamplingBanditTests
{
    private const int D = 3;

    [Fact]
    public void Update_SeveralRewards_CholeskyFactorEqualsMathNetCholeskyOfA()
    {
        var bandit = new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { ArmCount = 2, Dimension = D, Lambda = 2, Seed = 1 });
        var rng = new Random(1);
        var rows = new List<float[]>();
        var rewards = new List<double>();
        for (int n = 0; n < 40; n++)
        {
            float[] x = [(float)rng.NextDouble(), (float)((rng.NextDouble() * 2) - 1), 1f];
            double r = rng.NextDouble();
            bandit.Update(0, x, r);
            rows.Add(x);
            rewards.Add(r);
        }

        ArmModel model = LinearState.Read(bandit)[0];
        (Matrix<double> a, Vector<double> b) = Reference.Ridge(rows, rewards, D, 2);

        Reference.AssertClose(Reference.RowMajor(a.Cholesky().Factor), model.Cholesky, 1e-9);
        Reference.AssertClose((a.Inverse() * b).ToArray(), model.Theta, 1e-9);
        Reference.AssertClose(Reference.RowMajor(Matrix<double>.Build.DenseIdentity(D) * Math.Sqrt(2)), LinearState.Read(bandit)[1].Cholesky, 0);
    }

    [Fact]
    public void Decide_ManyDraws_SampledThetaHasCovarianceVSquaredAInverse()
    {
        const double v = 0.8;
        var bandit = new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { ArmCount = 1, Dimension = D, ExplorationScale = v, Seed = 21 });
        var rng = new Random(2);
        var rows = new List<float[]>();
        var rewards = new List<double>();
        for (int n = 0; n < 6; n++)
        {
            float[] x = [(float)rng.NextDouble(), (float)rng.NextDouble(), 1f];
            double r = rng.NextDouble();
            bandit.Update(0, x, r);
            rows.Add(x);
            rewards.Add(r);
        }

        (Matrix<double> a, Vector<double> b) = Reference.Ridge(rows, rewards, D, 1);
        Matrix<double> covariance = a.Inverse() * (v * v);
        Vector<double> theta = a.Inverse() * b;

        // The score for x is θ̃ᵀx, so its variance is xᵀ Cov(θ̃) x. Unit vectors give the diagonal, e_i + e_j the
        // off-diagonal entries (polarization): together the whole covariance matrix of θ̃.
        const int draws = 20_000;
        var estimate = new double[D, D];
        var variances = new Dictionary<(int, int), double>();
        for (int i = 0; i < D; i++)
        {
            for (int j = i; j < D; j++)
            {
                var x = new float[D];
                x[i] += 1;
                x[j] += 1;
                (double mean, double variance) = ScoreMoments(bandit, x, draws);
                variances[(i, j)] = variance;
                Vector<double> vx = Vector<double>.Build.Dense(D, k => x[k]);
                double expectedVariance = vx * (covariance * vx);

                // Sample variance: relative standard error sqrt(2/n) ≈ 1%; allow 5%. Mean: 5 standard errors.
                Assert.Equal(expectedVariance, variance, 0.05 * expectedVariance);
                Assert.Equal(theta * vx, mean, 5 * Math.Sqrt(expectedVariance / draws));
            }
        }

        for (int i = 0; i < D; i++)
        {
            for (int j = i + 1; j < D; j++)
            {
                // Var((e_i + e_j)ᵀθ̃) = Σ_ii + Σ_jj + 2Σ_ij.
                double cij = (variances[(i, j)] - variances[(i, i)] / 4 - variances[(j, j)] / 4) / 2;
                Assert.Equal(covariance[i, j], cij, 0.1 * Math.Sqrt(covariance[i, i] * covariance[j, j]));
            }
        }
    }

    [Fact]
    public void Decide_ScaleZero_IsGreedyWithPropensityOne()
    {
        var bandit = new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { ArmCount = 2, Dimension = 2, ExplorationScale = 0, Seed = 1 });
        bandit.Update(0, [1f, 0f], 1.0);
        bandit.Update(1, [0f, 1f], 1.0);
        var scores = new double[2];
        Decision d = bandit.Decide([1f, 0f], scores);

        Assert.Equal(0, d.Action);
        Assert.Equal([0.5, 0.0], scores);
        Assert.Equal(1.0, d.Propensity);
    }

    [Fact]
    public void Decide_NoPropensityDraws_ReportsNaNWhenExploring()
    {
        var bandit = new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { ArmCount = 2, Dimension = 2, PropensityDraws = 0, Seed = 1 });
        Assert.True(double.IsNaN(bandit.Decide([1f, 1f]).Propensity));
        Assert.Equal(0.5, bandit.Decide([1f, 1f], explore: false).Propensity);
    }

    private static (double Mean, double Variance) ScoreMoments(LinearThompsonSamplingBandit bandit, float[] x, int draws)
    {
        var scores = new double[1];
        double sum = 0;
        double sumSquares = 0;
        for (int t = 0; t < draws; t++)
        {
            bandit.Decide(x, scores);
            sum += scores[0];
            sumSquares += scores[0] * scores[0];
        }

        double mean = sum / draws;
        return (mean, (sumSquares - (draws * mean * mean)) / (draws - 1));
    }
}
