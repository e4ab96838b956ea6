using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Internal;

namespace RlCommons.Algorithms.Tests.Internal;

/// <summary>
/// The numerical Thompson propensity P(a) = ∫ f_a Π_{b≠a} F_b against scipy's adaptive quadrature
/// (<c>reference/thompson_propensity.py</c>, scipy 1.10): Beta posteriors from the uniform prior to 10⁵ pseudo-counts
/// (including α, β &lt; 1 and a ten-arm steady state), Normal scores from equal to very different deviations.
/// </summary>
public class ThompsonPropensityTests
{
    /// <summary>The accuracy the XML docs state.</summary>
    private const double Tolerance = 1e-6;

    /// <summary>Rows: α per arm, β per arm, P(arm is the largest sample) per arm (scipy.integrate.quad).</summary>
    public static TheoryData<double[], double[], double[]> BetaCases => new()
    {
        { new double[] { 1.0, 1.0, 1.0 }, new double[] { 1.0, 1.0, 1.0 }, new double[] { 0.3333333333333334, 0.3333333333333334, 0.3333333333333334 } },
        { new double[] { 2.0, 1.0, 1.0 }, new double[] { 1.0, 2.0, 1.0 }, new double[] { 0.6, 0.09999999999999999, 0.29999999999999993 } },
        { new double[] { 1900.0, 30.0, 10.0, 3.0, 200.0 }, new double[] { 100.0, 5.0, 8.0, 20.0, 30.0 }, new double[] { 0.9729251480133361, 0.027066856751628843, 7.749610151474236e-07, 1.0200681569835016e-23, 7.220271814288291e-06 } },
        { new double[] { 0.5, 0.5, 3.0 }, new double[] { 0.5, 1.0, 1.0 }, new double[] { 0.29102618165375155, 0.10128197404946404, 0.6076918442967846 } },
        { new double[] { 100000.0, 1.0, 1000.0 }, new double[] { 100000.0, 1.0, 1000.0 }, new double[] { 0.2500443763545455, 0.4955180039749671, 0.2544376198267052 } },
        { new double[] { 11.0, 1.0 }, new double[] { 91.0, 1.0 }, new double[] { 0.107843137254902, 0.8921568627450981 } },
        { new double[] { 1.0, 1.0, 2.0 }, new double[] { 1000.0, 1.0, 2.0 }, new double[] { 1.784492528213713e-08, 0.4999999940477313, 0.49999998810734325 } },
        { new double[] { 5.5, 4.0, 7.75, 1.5 }, new double[] { 3.25, 4.0, 6.5, 1.2 }, new double[] { 0.37702686630797533, 0.13146618293179504, 0.1477639998389409, 0.34374295092128904 } },
        { new double[] { 100000.0, 100220.0 }, new double[] { 100000.0, 99780.0 }, new double[] { 0.24330736998203073, 0.7566926308399666 } },
        { new double[] { 2.0, 4.0, 6.0, 9.0, 12.0, 15.0, 25.0, 60.0, 160.0, 1800.0 }, new double[] { 30.0, 25.0, 14.0, 13.0, 12.0, 10.0, 11.0, 20.0, 25.0, 95.0 }, new double[] { 1.5030942951211359e-36, 1.3666791779165295e-28, 1.3339148501735683e-14, 3.5236706010477107e-12, 3.5849785097967626e-10, 1.4856743066141836e-07, 1.027716705669954e-06, 5.203840420017505e-09, 2.046248820231097e-05, 0.9999783556602537 } },
    };

    /// <summary>Rows: mean per arm, standard deviation per arm, P(arm is the largest sample) per arm (scipy.integrate.quad).</summary>
    public static TheoryData<double[], double[], double[]> NormalCases => new()
    {
        { new double[] { 0.0, 0.0 }, new double[] { 1.0, 1.0 }, new double[] { 0.5, 0.5 } },
        { new double[] { 0.0, 0.5, 1.0 }, new double[] { 1.0, 0.1, 2.0 }, new double[] { 0.16231235069492686, 0.27788913377003777, 0.5597985155350355 } },
        { new double[] { 0.3, 0.31, 0.0, -1.0, 0.29 }, new double[] { 0.01, 0.02, 1.0, 0.5, 0.001 }, new double[] { 0.1912595685310006, 0.4139267197602483, 0.37619533175962666, 0.002909275392641367, 0.015709104556483194 } },
        { new double[] { 0.0, 0.0 }, new double[] { 0.001, 1.0 }, new double[] { 0.5, 0.5000000000000001 } },
        { new double[] { 0.0, 0.05, 0.1, 0.15000000000000002, 0.2, 0.25, 0.30000000000000004, 0.35000000000000003, 0.4, 0.45 }, new double[] { 0.2, 0.1, 0.06666666666666667, 0.05, 0.04, 0.03333333333333333, 0.028571428571428574, 0.025, 0.022222222222222223, 0.02 }, new double[] { 0.012463433446870509, 4.1205062590438016e-05, 2.0712575958082277e-07, 8.743688719377583e-09, 6.362888293154882e-09, 6.82047748527224e-08, 4.751173646751666e-06, 0.0006340105290559107, 0.0464009709075311, 0.9404553384431937 } },
    };

    [Theory]
    [MemberData(nameof(BetaCases))]
    public void Of_BetaPosteriors_MatchesScipyQuadrature(double[] alpha, double[] beta, double[] expected)
    {
        var tables = new ScoreTable?[alpha.Length];
        for (int i = 0; i < tables.Length; i++)
        {
            tables[i] = new ScoreTable();
            tables[i]!.SetBeta(alpha[i], beta[i]);
        }

        var scores = new TabulatedScores(tables, ScoreTable.BetaPanelWidth);
        AssertMatches(ref scores, expected);
    }

    [Theory]
    [MemberData(nameof(NormalCases))]
    public void Of_TabulatedNormals_MatchesScipyQuadrature(double[] mean, double[] standardDeviation, double[] expected)
    {
        var tables = new ScoreTable?[mean.Length];
        for (int i = 0; i < tables.Length; i++)
        {
            tables[i] = new ScoreTable();
            tables[i]!.SetNormal(mean[i], standardDeviation[i]);
        }

        var scores = new TabulatedScores(tables, double.PositiveInfinity);
        AssertMatches(ref scores, expected);
    }

    [Theory]
    [MemberData(nameof(NormalCases))]
    public void Of_DirectNormals_MatchesScipyQuadrature(double[] mean, double[] standardDeviation, double[] expected)
    {
        var scores = new NormalScores(mean, standardDeviation);
        AssertMatches(ref scores, expected);
    }

    [Fact]
    public void Of_PointMassesAndANormal_SharesTiesAndMatchesPhi()
    {
        // Two point masses at 0 and N(−1, 1): the normal wins with P(N(−1, 1) > 0) = 1 − Φ(1); the tied point masses
        // share Φ(1) equally, as the decision's uniform tie-break does.
        var scores = new NormalScores([0, 0, -1], [0, 0, 1]);
        int[] active = [0, 1, 2];
        double phiOfOne = 0.8413447460685429;

        Assert.Equal(phiOfOne / 2, ThompsonPropensity.Of(ref scores, active, 0), 12);
        Assert.Equal(phiOfOne / 2, ThompsonPropensity.Of(ref scores, active, 1), 12);
        Assert.Equal(1 - phiOfOne, ThompsonPropensity.Of(ref scores, active, 2), 7);
    }

    [Fact]
    public void Of_PointMassBelowAnother_IsZero()
    {
        var scores = new NormalScores([0, 1], [0, 0]);
        int[] active = [0, 1];

        Assert.Equal(0.0, ThompsonPropensity.Of(ref scores, active, 0));
        Assert.Equal(1.0, ThompsonPropensity.Of(ref scores, active, 1));
    }

    [Fact]
    public void Of_TwoHundredIdenticalArms_EachGetsOneOver200()
    {
        // More arms than the stack scratch holds (128): the pooled path, and the symmetric answer 1/K.
        const int arms = 200;
        var tables = new ScoreTable?[arms];
        for (int i = 0; i < arms; i++)
        {
            tables[i] = new ScoreTable();
            tables[i]!.SetBeta(3, 7);
        }

        var scores = new TabulatedScores(tables, ScoreTable.BetaPanelWidth);
        int[] active = [.. Enumerable.Range(0, arms)];

        foreach (int arm in (int[])[0, 99, 199])
        {
            Assert.Equal(1.0 / arms, ThompsonPropensity.Of(ref scores, active, arm), Tolerance);
        }
    }

    [Fact]
    public void GetProbabilities_BetaBanditInReferenceState_MatchesScipyQuadrature()
    {
        // The ten-arm steady state of BetaCases, reached through the bandit's own updates from the Beta(1, 1) prior.
        double[] alpha = [2, 4, 6, 9, 12, 15, 25, 60, 160, 1800];
        double[] beta = [30, 25, 14, 13, 12, 10, 11, 20, 25, 95];
        double[] expected = (double[])BetaCases.Single(row => ((double[])row[0]).SequenceEqual(alpha))[2];
        var bandit = new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = alpha.Length, Seed = 5 });
        for (int arm = 0; arm < alpha.Length; arm++)
        {
            for (int s = 1; s < alpha[arm]; s++)
            {
                bandit.Update(arm, 1.0);
            }

            for (int f = 1; f < beta[arm]; f++)
            {
                bandit.Update(arm, 0.0);
            }
        }

        var probabilities = new double[alpha.Length];
        bandit.GetProbabilities(probabilities);

        for (int arm = 0; arm < alpha.Length; arm++)
        {
            Assert.InRange(probabilities[arm], expected[arm] - Tolerance, expected[arm] + Tolerance);
        }
    }

    private static void AssertMatches<TScores>(ref TScores scores, double[] expected)
        where TScores : struct, IScoreDistributions
    {
        int[] active = [.. Enumerable.Range(0, expected.Length)];
        double sum = 0;
        for (int arm = 0; arm < expected.Length; arm++)
        {
            double p = ThompsonPropensity.Of(ref scores, active, arm);
            Assert.InRange(p, expected[arm] - Tolerance, expected[arm] + Tolerance);
            sum += p;
        }

        Assert.InRange(sum, 1 - (expected.Length * Tolerance), 1 + (expected.Length * Tolerance));
    }
}
