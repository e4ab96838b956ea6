using System.Globalization;
using System.Text;

namespace RlCommons.Evaluation.Hierarchical;

/// <summary>
/// Draws learning curves (steps per episode against episode) as a self-contained SVG: one polyline per series,
/// smoothed by a trailing moving average, a logarithmic y axis, a dashed marker at an episode of interest, and a legend.
/// </summary>
internal static class LearningCurveSvg
{
    private const int Width = 720;
    private const int Height = 400;
    private const int Left = 60;
    private const int Right = 170;
    private const int Top = 20;
    private const int Bottom = 50;
    private static readonly string[] Colors = ["#d62728", "#ff7f0e", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b"];

    /// <summary>Renders <paramref name="series"/> (name, value per episode) smoothed over <paramref name="window"/> episodes.</summary>
    /// <exception cref="ArgumentException">There is no series, the series differ in length or hold a value ≤ 0, or the window is less than 1.</exception>
    public static string Render(IReadOnlyList<(string Name, double[] Values)> series, int window, int markerEpisode, string title)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0 || window < 1 || series.Any(s => s.Values.Length != series[0].Values.Length || s.Values.Length == 0 || s.Values.Any(v => !(v > 0) || !double.IsFinite(v))))
        {
            throw new ArgumentException("Expected at least one series, all of the same non-zero length with positive finite values, and a window of at least 1.", nameof(series));
        }

        int n = series[0].Values.Length;
        double[][] smoothed = [.. series.Select(s => Smooth(s.Values, window))];
        double yMin = Math.Pow(10, Math.Floor(Math.Log10(smoothed.Min(s => s.Min()))));
        double yMax = Math.Pow(10, Math.Ceiling(Math.Log10(smoothed.Max(s => s.Max()))));
        double plotWidth = Width - Left - Right;
        double plotHeight = Height - Top - Bottom;
        double X(double episode) => Left + (plotWidth * episode / Math.Max(n - 1, 1));
        double Y(double value) => Top + (plotHeight * (Math.Log10(yMax) - Math.Log10(value)) / (Math.Log10(yMax) - Math.Log10(yMin)));

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<title>{Escape(title)}</title>\n"));
        svg.Append(Invariant($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));

        // Decade grid lines and labels on the y axis, and ticks every 200 episodes on the x axis.
        for (double y = yMin; y <= yMax * 1.0001; y *= 10)
        {
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Y(y):F1}\" x2=\"{Left + plotWidth:F1}\" y2=\"{Y(y):F1}\" stroke=\"#ddd\"/>\n"));
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Y(y) + 4:F1}\" text-anchor=\"end\">{y:G}</text>\n"));
        }

        int tick = n > 400 ? 200 : Math.Max(1, n / 5);
        for (int e = 0; e < n; e += tick)
        {
            svg.Append(Invariant($"<line x1=\"{X(e):F1}\" y1=\"{Top + plotHeight:F1}\" x2=\"{X(e):F1}\" y2=\"{Top + plotHeight + 5:F1}\" stroke=\"black\"/>\n"));
            svg.Append(Invariant($"<text x=\"{X(e):F1}\" y=\"{Top + plotHeight + 18:F1}\" text-anchor=\"middle\">{e}</text>\n"));
        }

        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth:F1}\" height=\"{plotHeight:F1}\" fill=\"none\" stroke=\"black\"/>\n"));
        if (markerEpisode > 0 && markerEpisode < n)
        {
            svg.Append(Invariant($"<line x1=\"{X(markerEpisode):F1}\" y1=\"{Top}\" x2=\"{X(markerEpisode):F1}\" y2=\"{Top + plotHeight:F1}\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n"));
            svg.Append(Invariant($"<text x=\"{X(markerEpisode) - 4:F1}\" y=\"{Top + 14}\" text-anchor=\"end\" fill=\"#555\">goal moves</text>\n"));
        }

        svg.Append(Invariant($"<text x=\"{Left + (plotWidth / 2):F1}\" y=\"{Height - 12}\" text-anchor=\"middle\">episode</text>\n"));
        svg.Append(Invariant($"<text x=\"16\" y=\"{Top + (plotHeight / 2):F1}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {Top + (plotHeight / 2):F1})\">steps per episode (log scale, {window}-episode average)</text>\n"));
        for (int i = 0; i < series.Count; i++)
        {
            string color = Colors[i % Colors.Length];
            svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\""));
            // At most about 300 points per curve: the curve is already smoothed, and the file stays small enough to inline.
            int stride = Math.Max(1, n / 300);
            for (int e = 0; e < n; e += stride)
            {
                svg.Append(Invariant($"{X(e):F1},{Y(smoothed[i][e]):F1} "));
            }

            if ((n - 1) % stride != 0)
            {
                svg.Append(Invariant($"{X(n - 1):F1},{Y(smoothed[i][n - 1]):F1} "));
            }

            svg.Append("\"/>\n");
            double ly = Top + 10 + (i * 20);
            svg.Append(Invariant($"<line x1=\"{Left + plotWidth + 10:F1}\" y1=\"{ly:F1}\" x2=\"{Left + plotWidth + 30:F1}\" y2=\"{ly:F1}\" stroke=\"{color}\" stroke-width=\"2\"/>\n"));
            svg.Append(Invariant($"<text x=\"{Left + plotWidth + 35:F1}\" y=\"{ly + 4:F1}\">{Escape(series[i].Name)}</text>\n"));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>The trailing moving average: entry e is the mean of entries max(0, e − window + 1) to e.</summary>
    internal static double[] Smooth(double[] values, int window)
    {
        var result = new double[values.Length];
        double sum = 0;
        for (int e = 0; e < values.Length; e++)
        {
            sum += values[e];
            if (e >= window)
            {
                sum -= values[e - window];
            }

            result[e] = sum / Math.Min(e + 1, window);
        }

        return result;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
