using System.Xml.Linq;
using RlCommons.Evaluation.Hierarchical;

namespace RlCommons.Evaluation.Tests.Hierarchical;

public sealed class LearningCurveSvgTests
{
    [Fact]
    public void Smooth_TrailingWindow_AveragesWhatIsAvailable()
    {
        Assert.Equal([1.0, 1.5, 2.0, 3.0, 4.0], LearningCurveSvg.Smooth([1, 2, 3, 4, 5], 3));
    }

    [Fact]
    public void Render_TwoSeries_WellFormedSvgWithOnePolylinePerSeriesAndTheLegend()
    {
        string svg = LearningCurveSvg.Render([("flat", [100.0, 50, 20, 10]), ("options & more", [30.0, 20, 12, 9])], 1, 2, "t");

        XDocument document = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        XElement[] lines = [.. document.Descendants(ns + "polyline")];
        Assert.Equal(2, lines.Length);
        Assert.Equal(4, lines[0].Attribute("points")!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(document.Descendants(ns + "text"), t => t.Value == "options & more");
        Assert.Contains(document.Descendants(ns + "text"), t => t.Value == "goal moves");

        // Log scale over the decades 1–100 (rounded out from 9–100) in a plot from y = 20 to 350 and x = 60 to 550:
        // 100 at the top left, 10 at the middle height of the last episode.
        string[] points = lines[0].Attribute("points")!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("60.0,20.0", points[0]);
        Assert.Equal("550.0,185.0", points[3]);
    }

    [Fact]
    public void Render_NonPositiveValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => LearningCurveSvg.Render([("a", [1.0, 0.0])], 1, 0, "t"));
    }
}
