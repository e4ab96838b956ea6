using MathNet.Numerics.LinearAlgebra;
using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Contextual;

namespace RlCommons.Algorithms.Tests.Contextual;

/// <summary>LinUCB (Li et al. 2010, Algorithm 1): θ = A⁻¹b and score θᵀx + α·sqrt(xᵀA⁻¹x), against MathNet.</summary>
public class LinUcbBanditTests
{
    private const int D = 4;
    private const double Lambda = 0.5;
    private const double Alpha = 0.7;

    [Fact]
    public void Update_SeveralRewards_ThetaAndInverseEqualMathNet()
    {
        (LinUcbBandit bandit, List<float[]>[] rows, List<double>[] rewards) = Trained();
        ArmModel[] models = LinearState.Read(bandit);

        for (int arm = 0; arm < 2; arm++)
        {
            (Matrix<double> a, Vector<double> b) = Reference.Ridge(rows[arm], rewards[arm], D, Lambda);
            Matrix<double> inverse = a.Inverse();
            var theta = new double[D];
            bandit.GetCoefficients(arm, theta);

            Reference.AssertClose((inverse * b).ToArray(), theta, 1e-9);
            Reference.AssertClose(Reference.RowMajor(inverse), models[arm].AInverse, 1e-9);
            Reference.AssertClose(Reference.RowMajor(a), models[arm].A, 1e-12);
            Reference.AssertClose(b.ToArray(), models[arm].B, 1e-12);
            Assert.Equal(rows[arm].Count, models[arm].Updates);
        }
    }

    [Fact]
    public void Decide_AfterUpdates_ScoreIsMeanPlusAlphaTimesWidth()
    {
        (LinUcbBandit bandit, List<float[]>[] rows, List<double>[] rewards) = Trained();
        var rng = new Random(99);
        var scores = new double[2];
        var greedy = new double[2];
        for (int t = 0; t < 20; t++)
        {
            float[] x = RandomContext(rng);
            Decision d = bandit.Decide(x, scores);
            bandit.Decide(x, greedy, explore: false);
            Vector<double> vx = Vector<double>.Build.Dense(D, i => x[i]);

            var means = new double[2];
            for (int arm = 0; arm < 2; arm++)
            {
                (Matrix<double> a, Vector<double> b) = Reference.Ridge(rows[arm], rewards[arm], D, Lambda);
                Matrix<double> inverse = a.Inverse();
                means[arm] = (inverse * b) * vx;
                double expected = means[arm] + (Alpha * Math.Sqrt(vx * (inverse * vx)));
                Assert.Equal(expected, scores[arm], 1e-9);
                Assert.Equal(means[arm], greedy[arm], 1e-9);
                Assert.Equal(means[arm], bandit.Predict(arm, x), 1e-9);
            }

            Assert.Equal(scores[0] >= scores[1] ? 0 : 1, d.Action);
            Assert.Equal(1.0, d.Propensity);
            Assert.Equal(scores[d.Action], d.Score);
            Assert.Equal(means[d.Action] < means[1 - d.Action], d.Explored);
        }
    }

    [Fact]
    public void Decide_AlphaZero_IsGreedyOnPredictions()
    {
        var bandit = new LinUcbBandit(new LinUcbOptions { ArmCount = 2, Dimension = 2, Alpha = 0, Seed = 1 });
        bandit.Update(0, [1f, 0f], 1.0);
        bandit.Update(1, [0f, 1f], 1.0);

        Assert.Equal(0, bandit.Decide([1f, 0f]).Action);
        Assert.Equal(1, bandit.Decide([0f, 1f]).Action);
        var scores = new double[2];
        bandit.Decide([1f, 0f], scores);
        Assert.Equal([0.5, 0.0], scores);
    }

    [Fact]
    public void GetCoefficients_WrongLength_ThrowsNamingDestination()
    {
        var bandit = new LinUcbBandit(new LinUcbOptions { ArmCount = 1, Dimension = 2, Seed = 1 });
        Assert.Equal("destination", Assert.ThrowsAny<ArgumentException>(() => bandit.GetCoefficients(0, new double[3])).ParamName);
    }

    private static float[] RandomContext(Random rng) => [.. Enumerable.Range(0, D).Select(_ => (float)((rng.NextDouble() * 2) - 1))];

    private static (LinUcbBandit Bandit, List<float[]>[] Rows, List<double>[] Rewards) Trained()
    {
        var bandit = new LinUcbBandit(new LinUcbOptions { ArmCount = 2, Dimension = D, Lambda = Lambda, Alpha = Alpha, Seed = 3 });
        var rng = new Random(3);
        List<float[]>[] rows = [[], []];
        List<double>[] rewards = [[], []];
        for (int n = 0; n < 30; n++)
        {
            int arm = n % 3 == 0 ? 1 : 0;
            float[] x = RandomContext(rng);
            double r = rng.NextDouble();
            bandit.Update(arm, x, r);
            rows[arm].Add(x);
            rewards[arm].Add(r);
        }

        return (bandit, rows, rewards);
    }
}
