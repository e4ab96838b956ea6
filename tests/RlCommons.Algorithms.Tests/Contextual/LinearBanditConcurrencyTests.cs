using MathNet.Numerics.LinearAlgebra;
using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Contextual;

namespace RlCommons.Algorithms.Tests.Contextual;

/// <summary>Concurrent updates and decisions on one LinUCB bandit lose nothing (no timing assertions).</summary>
public class LinearBanditConcurrencyTests
{
    [Fact]
    public void Update_EightThreadsTimesTwentyThousandOnLinUcbD4_AAndBAreExactSums()
    {
        // 8 × 20,000 (not 100,000) keeps the test short; integer features and rewards make A = λI + Σxxᵀ and
        // b = Σrx exact in any order, so the concurrent result must equal the sums of the multiset fed.
        const int threads = 8;
        const int perThread = 20_000;
        const int d = 4;
        const int arms = 3;
        var bandit = new LinUcbBandit(new LinUcbOptions { ArmCount = arms, Dimension = d, Alpha = 0.5, Seed = 2 });
        var a = new double[threads, arms, d * d];
        var b = new double[threads, arms, d];
        var counts = new long[threads, arms];

        var workers = Enumerable.Range(0, threads).Select(id => new Thread(() =>
        {
            var rng = new Random(500 + id);
            var x = new float[d];
            for (int i = 0; i < perThread; i++)
            {
                for (int k = 0; k < d - 1; k++)
                {
                    x[k] = rng.Next(-2, 3);
                }

                x[d - 1] = 1;
                int arm = i % 5 == 0 ? bandit.Decide(x).Action : rng.Next(arms);
                int reward = rng.Next(0, 3);
                bandit.Update(arm, x, reward);
                counts[id, arm]++;
                for (int r = 0; r < d; r++)
                {
                    b[id, arm, r] += reward * x[r];
                    for (int c = 0; c < d; c++)
                    {
                        a[id, arm, (r * d) + c] += x[r] * x[c];
                    }
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Equal(threads * perThread, bandit.UpdateCount);
        ArmModel[] models = LinearState.Read(bandit);
        for (int arm = 0; arm < arms; arm++)
        {
            var expectedA = new double[d * d];
            var expectedB = new double[d];
            for (int t = 0; t < threads; t++)
            {
                for (int k = 0; k < d * d; k++)
                {
                    expectedA[k] += a[t, arm, k];
                }

                for (int k = 0; k < d; k++)
                {
                    expectedB[k] += b[t, arm, k];
                }
            }

            for (int k = 0; k < d; k++)
            {
                expectedA[(k * d) + k] += 1.0;
            }

            Assert.Equal(Enumerable.Range(0, threads).Sum(t => counts[t, arm]), models[arm].Updates);
            Assert.Equal(expectedA, models[arm].A);
            Assert.Equal(expectedB, models[arm].B);

            // θ must be the ridge solution of these sums (the sequential model fed the same multiset).
            Matrix<double> ma = Reference.Matrix(expectedA, d);
            var theta = new double[d];
            bandit.GetCoefficients(arm, theta);
            Reference.AssertClose(ma.Solve(Vector<double>.Build.DenseOfArray(expectedB)).ToArray(), theta, 1e-9);
        }

        Assert.Equal(threads * perThread, models.Sum(m => m.Updates));
    }
}
