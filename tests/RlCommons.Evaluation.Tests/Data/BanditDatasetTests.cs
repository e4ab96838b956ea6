using RlCommons.Evaluation.Data;
using RlCommons.Evaluation.Tests.TestSupport;

namespace RlCommons.Evaluation.Tests.Data;

public sealed class BanditDatasetTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Load_TinyFile_ScalesColumnsToUnitRangeAndAppendsBias()
    {
        string file = _temp.Write("tiny.csv", "label,a,b,c", "2,1,5,0.5", "0,3,5,-1", "1,5,5,2");

        BanditDataset data = BanditDataset.Load(file);

        Assert.Equal(3, data.RowCount);
        Assert.Equal(4, data.Dimension);
        // a: min 1, max 5; b: constant, so 0; c: min −1, max 2; then the bias.
        Assert.Equal([0f, 0f, 0.5f, 1f], data.Features(0).ToArray());
        Assert.Equal([0.5f, 0f, 0f, 1f], data.Features(1).ToArray());
        Assert.Equal([1f, 0f, 1f, 1f], data.Features(2).ToArray());
    }

    [Fact]
    public void Load_TinyFile_ParsesLabelsAndTakesMaxLabelPlusOneArms()
    {
        string file = _temp.Write("tiny.csv", "label,a", "2,1", "0,3", "4,5", "", "1,2");

        BanditDataset data = BanditDataset.Load(file);

        Assert.Equal(4, data.RowCount);
        Assert.Equal(5, data.ArmCount);
        Assert.Equal([2, 0, 4, 1], Enumerable.Range(0, data.RowCount).Select(data.Label));
    }

    [Fact]
    public void Take_FewerRows_KeepsTheFullFilesScalingAndArms()
    {
        BanditDataset data = BanditDataset.Load(_temp.Write("tiny.csv", "label,a", "0,1", "3,5", "1,3"));

        BanditDataset prefix = data.Take(2);

        Assert.Equal(2, prefix.RowCount);
        Assert.Equal(4, prefix.ArmCount);
        Assert.Equal([1f, 1f], prefix.Features(1).ToArray());
        Assert.Equal(3, data.Take(10).RowCount);
    }

    [Fact]
    public void Load_Digits_HasTenArmsAndSixtyFiveFeaturesInUnitRange()
    {
        BanditDataset data = BanditDataset.Load(RepositoryFiles.Reference("digits.csv"));

        Assert.Equal(1797, data.RowCount);
        Assert.Equal(10, data.ArmCount);
        Assert.Equal(65, data.Dimension);
        Assert.All(Enumerable.Range(0, data.RowCount), r =>
        {
            Assert.All(data.Features(r).ToArray(), v => Assert.InRange(v, 0f, 1f));
            Assert.Equal(1f, data.Features(r)[64]);
        });
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        string file = Path.Combine(_temp.Path, "absent.csv");

        var e = Assert.Throws<FileNotFoundException>(() => BanditDataset.Load(file));

        Assert.Contains("absent.csv", e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Theory]
    [InlineData(new[] { "label,a,b", "0,1,2", "1,3" }, "line 3: 2 columns, but the header has 3")]
    [InlineData(new[] { "label,a,b", "0,1,2", "1,3,4,5" }, "line 3: 4 columns, but the header has 3")]
    [InlineData(new[] { "label,a", "x,1" }, "line 2: the label 'x' is not an integer of at least 0")]
    [InlineData(new[] { "label,a", "-1,1" }, "line 2: the label '-1' is not an integer of at least 0")]
    [InlineData(new[] { "label,a", "1.5,1" }, "line 2: the label '1.5' is not an integer of at least 0")]
    [InlineData(new[] { "label,a,b", "0,1,abc" }, "line 2, column 3: 'abc' is not a finite number")]
    [InlineData(new[] { "label,a", "0,NaN" }, "line 2, column 2: 'NaN' is not a finite number")]
    [InlineData(new[] { "label,a" }, "the file has a header but no data rows")]
    [InlineData(new[] { "label", "0" }, "expected a label column and at least one feature column")]
    [InlineData(new[] { "" }, "the file is empty")]
    public void Load_MalformedFile_ThrowsInvalidDataNamingTheProblem(string[] lines, string expected)
    {
        string file = _temp.Write("bad.csv", lines);

        var e = Assert.Throws<InvalidDataException>(() => BanditDataset.Load(file));

        Assert.StartsWith("bad.csv", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
