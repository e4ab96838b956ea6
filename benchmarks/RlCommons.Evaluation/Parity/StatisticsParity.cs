using System.Globalization;
using System.Text.Json;
using RlCommons.Monitoring.Statistics;

namespace RlCommons.Evaluation.Parity;

/// <summary>
/// Checks the statistics against reference cases computed by scipy / statsmodels: one JSON object per line with a
/// <c>"test"</c> field naming the statistic, its inputs and the expected outputs. Statistics and p-values must agree
/// to 1e-9 relative (values at or below 1e-300 only need to be at or below 1e-300 too); power and sample sizes, which
/// come from iterative solvers, to 1e-6 relative. Interval bounds and posterior probabilities have the documented
/// allowances <see cref="QuantileTolerance"/> and <see cref="ProbabilityAbsoluteTolerance"/> for the reference's own precision.
/// </summary>
internal static class StatisticsParity
{
    /// <summary>The relative tolerance for statistics, p-values, intervals and effect sizes.</summary>
    public const double ExactTolerance = 1e-9;

    /// <summary>The relative tolerance for power and sample sizes.</summary>
    public const double SolverTolerance = 1e-6;

    /// <summary>
    /// The absolute tolerance also granted to posterior probabilities of B beating A. The reference values come from
    /// numerical integration, accurate in absolute rather than relative terms: for Beta(270, 2) against
    /// Beta(229, 228) the reference gives 1.1307e-57 while the exact rational value is 1.14952130092679e-57.
    /// </summary>
    public const double ProbabilityAbsoluteTolerance = 1e-12;

    /// <summary>
    /// The tolerance for confidence-interval bounds, relative to the half-width. scipy 1.10 takes t quantiles from
    /// CDFLIB's <c>cdft</c> search, which stops at a relative tolerance of 1e-8; the reference bounds differ from
    /// exact quantiles by 1e-9 to 3e-9 of the half-width (for example t(0.975, 50) = 2.00855911210078 exactly,
    /// 2.00855910971521 in the reference).
    /// </summary>
    public const double QuantileTolerance = 1e-8;

    private const double Underflow = 1e-300;
    private const int MaxReported = 20;

    /// <summary>Checks every line of a JSON-lines file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The report.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">A line is not a valid case.</exception>
    public static StatisticsParityReport CheckFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return CheckLines(File.ReadLines(path));
    }

    /// <summary>Checks JSON-lines cases; blank lines are skipped.</summary>
    /// <param name="lines">The lines.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidDataException">A line is not a valid case.</exception>
    public static StatisticsParityReport CheckLines(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        int cases = 0;
        int mismatches = 0;
        double maxError = 0;
        var reported = new List<string>();
        int lineNumber = 0;
        foreach (string line in lines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var problems = new List<string>();
            try
            {
                using JsonDocument json = JsonDocument.Parse(line);
                maxError = Math.Max(maxError, CheckCase(json.RootElement, problems));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or InvalidDataException)
            {
                throw new InvalidDataException($"line {lineNumber}: {e.Message}", e);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"line {lineNumber}: invalid inputs: {e.Message}", e);
            }

            cases++;
            if (problems.Count > 0)
            {
                mismatches++;
                if (reported.Count < MaxReported)
                {
                    reported.Add($"line {lineNumber}: {string.Join("; ", problems)}");
                }
            }
        }

        return new StatisticsParityReport(cases, mismatches, maxError, reported);
    }

    private static double CheckCase(JsonElement c, List<string> problems)
    {
        string test = c.GetProperty("test").GetString() ?? throw new InvalidDataException("\"test\" is null.");
        var check = new Checker(test, problems);
        switch (test)
        {
            case "welch_t":
            case "student_t":
            {
                double[] a = Doubles(c, "a");
                double[] b = Doubles(c, "b");
                TTestResult r = test == "welch_t" ? TTest.Welch(a, b) : TTest.Student(a, b);
                check.Exact("statistic", Number(c, "statistic"), r.Statistic);
                check.Exact("df", Number(c, "df"), r.DegreesOfFreedom);
                check.Exact("pvalue", Number(c, "pvalue"), r.PValue);
                break;
            }

            case "cohens_d":
                check.Exact("value", Number(c, "value"), EffectSize.CohensD(Doubles(c, "a"), Doubles(c, "b")));
                break;
            case "mean_ci_t":
            {
                ConfidenceInterval ci = TTest.MeanInterval(Doubles(c, "a"), Number(c, "confidence"));
                double half = (ci.High - ci.Low) / 2;
                check.Bound("low", Number(c, "low"), ci.Low, half);
                check.Bound("high", Number(c, "high"), ci.High, half);
                break;
            }

            case "chi2_2x2":
            case "chi2_rxc":
            {
                bool correction = !c.TryGetProperty("correction", out JsonElement flag) || flag.GetBoolean();
                ChiSquareResult r = ChiSquareTest.Independence(Table(c), correction);
                check.Exact("statistic", Number(c, "statistic"), r.Statistic);
                check.Exact("df", Number(c, "df"), r.DegreesOfFreedom);
                check.Exact("pvalue", Number(c, "pvalue"), r.PValue);
                break;
            }

            case "fisher_exact":
            {
                long[,] t = Table(c);
                if (t.GetLength(0) != 2 || t.GetLength(1) != 2)
                {
                    throw new InvalidDataException("Fisher's exact test needs a 2×2 table.");
                }

                FisherAlternative alternative = c.GetProperty("alternative").GetString() switch
                {
                    "two-sided" => FisherAlternative.TwoSided,
                    "less" => FisherAlternative.Less,
                    "greater" => FisherAlternative.Greater,
                    string other => throw new InvalidDataException($"Unknown alternative '{other}'."),
                    null => throw new InvalidDataException("\"alternative\" is null."),
                };
                FisherExactResult r = FisherExactTest.Test(t[0, 0], t[0, 1], t[1, 0], t[1, 1], alternative);
                check.Exact("odds_ratio", Number(c, "odds_ratio"), r.OddsRatio);
                check.Exact("pvalue", Number(c, "pvalue"), r.PValue);
                break;
            }

            case "beta_prob_b_beats_a":
                check.Probability("value", Number(c, "value"), BayesianAB.ProbabilityBBeatsA(Int(c, "alpha_a"), Int(c, "beta_a"), Int(c, "alpha_b"), Int(c, "beta_b")));
                break;
            case "ttest_ind_power":
                check.Solver("power", Number(c, "power"), PowerAnalysis.TTestIndPower(Number(c, "effect_size"), Number(c, "nobs1"), Number(c, "alpha")));
                break;
            case "ttest_ind_sample_size":
                check.Solver("nobs1", Number(c, "nobs1"), PowerAnalysis.TTestIndSampleSize(Number(c, "effect_size"), Number(c, "alpha"), Number(c, "power")));
                break;
            case "proportions_sample_size_cohen_h":
            {
                (double h, double n) = PowerAnalysis.ProportionsSampleSize(Number(c, "p1"), Number(c, "p2"), Number(c, "alpha"), Number(c, "power"));
                check.Exact("effect_size", Number(c, "effect_size"), h);
                check.Solver("nobs1", Number(c, "nobs1"), n);
                break;
            }

            default:
                throw new InvalidDataException($"Unknown test '{test}'.");
        }

        return check.MaxError;
    }

    /// <summary>The relative error of <paramref name="actual"/>; 0 for equal infinities or two values below the underflow limit.</summary>
    internal static double RelativeError(double expected, double actual)
    {
        if (expected.Equals(actual) || (Math.Abs(expected) <= Underflow && Math.Abs(actual) <= Underflow))
        {
            return 0;
        }

        if (!double.IsFinite(expected) || !double.IsFinite(actual))
        {
            return double.PositiveInfinity;
        }

        return Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), Underflow);
    }

    private static double Number(JsonElement c, string name) => c.GetProperty(name).GetDouble();

    private static int Int(JsonElement c, string name) => c.GetProperty(name).GetInt32();

    private static double[] Doubles(JsonElement c, string name) => c.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static long[,] Table(JsonElement c)
    {
        JsonElement[] rows = c.GetProperty("table").EnumerateArray().ToArray();
        int columns = rows.Length == 0 ? 0 : rows[0].GetArrayLength();
        var table = new long[rows.Length, columns];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i].GetArrayLength() != columns)
            {
                throw new InvalidDataException("The rows of \"table\" differ in length.");
            }

            int j = 0;
            foreach (JsonElement cell in rows[i].EnumerateArray())
            {
                table[i, j++] = cell.GetInt64();
            }
        }

        return table;
    }

    private sealed class Checker(string test, List<string> problems)
    {
        public double MaxError { get; private set; }

        public void Exact(string field, double expected, double actual) => Compare(field, expected, actual, ExactTolerance);

        public void Probability(string field, double expected, double actual)
        {
            // Within the absolute allowance but not the relative tolerance: the reference itself is the inaccurate
            // side, so the case passes without its error counting towards the maximum.
            if (RelativeError(expected, actual) > ExactTolerance && Math.Abs(actual - expected) <= ProbabilityAbsoluteTolerance)
            {
                return;
            }

            Exact(field, expected, actual);
        }

        public void Bound(string field, double expected, double actual, double halfWidth)
        {
            // The error that matters is that of the quantile, so it is measured against the half-width.
            double error = Math.Abs(actual - expected) / halfWidth;
            MaxError = Math.Max(MaxError, error);
            if (!(error <= QuantileTolerance))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{test} {field} expected {expected:R} got {actual:R} (error {error:G3} of the half-width)"));
            }
        }

        public void Solver(string field, double expected, double actual) => Compare(field, expected, actual, SolverTolerance);

        private void Compare(string field, double expected, double actual, double tolerance)
        {
            double error = RelativeError(expected, actual);
            MaxError = Math.Max(MaxError, error);
            if (!(error <= tolerance))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{test} {field} expected {expected:R} got {actual:R} (relative error {error:G3})"));
            }
        }
    }
}
