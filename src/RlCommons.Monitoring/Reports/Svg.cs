using System.Globalization;
using System.Net;
using System.Text;

namespace RlCommons.Monitoring.Reports;

/// <summary>Small inline-SVG chart builders. Every text goes through <see cref="Encode"/>.</summary>
internal static class Svg
{
    private const int Width = 640;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 12;

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string Number(double value, string format = "G4")
        => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>A line chart of one or more series over a shared x axis.</summary>
    public static void LineChart(StringBuilder html, string label, IReadOnlyList<(string Name, string Color, double Width, IReadOnlyList<(double X, double Y)> Points)> series)
    {
        const int height = 260;
        const int bottom = 36;
        var all = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y)).ToList();
        if (all.Count == 0)
        {
            return;
        }

        (double xMin, double xMax) = Range(all.Select(p => p.X));
        (double yMin, double yMax) = Range(all.Select(p => p.Y));
        double[] yTicks = Ticks(yMin, yMax);
        yMin = Math.Min(yMin, yTicks[0]);
        yMax = Math.Max(yMax, yTicks[^1]);
        double plotW = Width - Left - Right;
        double plotH = height - Top - bottom;
        double Sx(double x) => Left + ((x - xMin) / (xMax - xMin) * plotW);
        double Sy(double y) => Top + plotH - ((y - yMin) / (yMax - yMin) * plotH);

        Open(html, label, height);
        Axes(html, height - bottom, plotH);
        foreach (double t in yTicks)
        {
            Line(html, Left, Sy(t), Width - Right, Sy(t), "#e5e7eb");
            Text(html, Left - 6, Sy(t) + 4, Number(t), "end");
        }

        foreach (double t in Ticks(xMin, xMax))
        {
            if (t >= xMin && t <= xMax)
            {
                Text(html, Sx(t), height - bottom + 16, Number(t), "middle");
            }
        }

        Text(html, Left + (plotW / 2), height - 4, "episode", "middle");
        double legendX = Left + 8;
        foreach (var s in series)
        {
            html.Append("<polyline fill=\"none\" stroke=\"").Append(s.Color).Append("\" stroke-width=\"").Append(F(s.Width)).Append("\" points=\"");
            foreach ((double x, double y) in s.Points)
            {
                if (double.IsFinite(y))
                {
                    html.Append(F(Sx(x))).Append(',').Append(F(Sy(y))).Append(' ');
                }
            }

            html.Append("\"/>");
            html.Append("<rect x=\"").Append(F(legendX)).Append("\" y=\"").Append(F(Top + 2)).Append("\" width=\"12\" height=\"4\" fill=\"").Append(s.Color).Append("\"/>");
            Text(html, legendX + 16, Top + 8, s.Name, "start");
            legendX += 24 + (7 * s.Name.Length);
        }

        html.Append("</svg>");
    }

    /// <summary>Horizontal intervals (a point and its low–high whiskers), one row per item.</summary>
    public static void IntervalChart(StringBuilder html, string label, IReadOnlyList<(string Name, double Point, double Low, double High)> rows)
    {
        var finite = rows.Where(r => double.IsFinite(r.Point)).ToList();
        if (finite.Count == 0)
        {
            return;
        }

        const int rowHeight = 32;
        const int bottom = 28;
        int height = Top + (rows.Count * rowHeight) + bottom;
        var values = finite.SelectMany(r => new[] { r.Point, r.Low, r.High }).Where(double.IsFinite);
        (double min, double max) = Range(values);
        double[] ticks = Ticks(min, max);
        min = Math.Min(min, ticks[0]);
        max = Math.Max(max, ticks[^1]);
        const int left = 140;
        double plotW = Width - left - Right;
        double Sx(double v) => left + ((v - min) / (max - min) * plotW);

        Open(html, label, height);
        foreach (double t in ticks)
        {
            Line(html, Sx(t), Top, Sx(t), height - bottom, "#e5e7eb");
            Text(html, Sx(t), height - bottom + 16, Number(t), "middle");
        }

        for (int i = 0; i < rows.Count; i++)
        {
            (string name, double point, double low, double high) = rows[i];
            double y = Top + (i * rowHeight) + (rowHeight / 2.0);
            Text(html, left - 8, y + 4, name, "end");
            if (double.IsFinite(low) && double.IsFinite(high))
            {
                Line(html, Sx(low), y, Sx(high), y, "#2563eb", 3);
                Line(html, Sx(low), y - 6, Sx(low), y + 6, "#2563eb", 2);
                Line(html, Sx(high), y - 6, Sx(high), y + 6, "#2563eb", 2);
            }

            if (double.IsFinite(point))
            {
                html.Append("<circle cx=\"").Append(F(Sx(point))).Append("\" cy=\"").Append(F(y)).Append("\" r=\"5\" fill=\"#1e3a8a\"/>");
            }
        }

        html.Append("</svg>");
    }

    /// <summary>Horizontal bars from zero, one row per item, each labelled with its value (shown as a percentage when <paramref name="percent"/>).</summary>
    public static void BarChart(StringBuilder html, string label, IReadOnlyList<(string Name, double Value)> rows, double max, bool percent, string color)
    {
        if (rows.Count == 0)
        {
            return;
        }

        const int rowHeight = 28;
        const int left = 220;
        int height = Top + (rows.Count * rowHeight) + 8;
        double plotW = Width - left - Right - 60;
        max = max > 0 ? max : 1;
        Open(html, label, height);
        for (int i = 0; i < rows.Count; i++)
        {
            (string name, double value) = rows[i];
            double y = Top + (i * rowHeight);
            double w = Math.Clamp(value / max, 0, 1) * plotW;
            Text(html, left - 8, y + 17, name, "end");
            if (percent)
            {
                html.Append("<rect x=\"").Append(left).Append("\" y=\"").Append(F(y + 4)).Append("\" width=\"").Append(F(plotW)).Append("\" height=\"18\" fill=\"#e5e7eb\"/>");
            }

            html.Append("<rect x=\"").Append(left).Append("\" y=\"").Append(F(y + 4)).Append("\" width=\"").Append(F(w)).Append("\" height=\"18\" fill=\"").Append(color).Append("\"/>");
            Text(html, left + plotW + 6, y + 17, percent ? Number(100 * value, "F0") + "%" : Number(value, "N0"), "start");
        }

        html.Append("</svg>");
    }

    private static void Open(StringBuilder html, string label, int height)
        => html.Append("<svg class=\"chart\" role=\"img\" aria-label=\"").Append(Encode(label)).Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(height)
            .Append("\" width=\"").Append(Width).Append("\" height=\"").Append(height).Append("\">");

    private static void Axes(StringBuilder html, double axisY, double plotH)
    {
        Line(html, Left, axisY, Width - Right, axisY, "#6b7280");
        Line(html, Left, axisY - plotH, Left, axisY, "#6b7280");
    }

    private static void Line(StringBuilder html, double x1, double y1, double x2, double y2, string color, double width = 1)
        => html.Append("<line x1=\"").Append(F(x1)).Append("\" y1=\"").Append(F(y1)).Append("\" x2=\"").Append(F(x2)).Append("\" y2=\"").Append(F(y2))
            .Append("\" stroke=\"").Append(color).Append("\" stroke-width=\"").Append(F(width)).Append("\"/>");

    private static void Text(StringBuilder html, double x, double y, string text, string anchor)
        => html.Append("<text x=\"").Append(F(x)).Append("\" y=\"").Append(F(y)).Append("\" text-anchor=\"").Append(anchor).Append("\">").Append(Encode(text)).Append("</text>");

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static (double Min, double Max) Range(IEnumerable<double> values)
    {
        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        // A flat series still needs a non-empty range to scale.
        if (!(max > min))
        {
            double pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.1 : 1;
            return (min - pad, max + pad);
        }

        return (min, max);
    }

    /// <summary>About five "nice" tick values (1, 2 or 5 times a power of ten) covering [min, max].</summary>
    internal static double[] Ticks(double min, double max)
    {
        double raw = (max - min) / 5;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : raw / magnitude < 7.5 ? 5 : 10);
        double first = Math.Floor(min / step) * step;
        double last = Math.Ceiling(max / step) * step;
        int count = (int)Math.Round((last - first) / step) + 1;
        var ticks = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Rounding to the step's decimals keeps labels like 0.30000000000000004 out.
            ticks[i] = Math.Round(first + (i * step), 12);
        }

        return ticks;
    }
}
