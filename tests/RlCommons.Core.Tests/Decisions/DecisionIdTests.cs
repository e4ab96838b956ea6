using RlCommons.Decisions;

namespace RlCommons.Core.Tests.Decisions;

public class DecisionIdTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_SameInputs_SameId()
    {
        Assert.Equal(DecisionId.Create(Start, 42, 7), DecisionId.Create(Start, 42, 7));
        Assert.NotEqual(DecisionId.Create(Start, 42, 7), DecisionId.Create(Start, 42, 8));
        Assert.NotEqual(DecisionId.Create(Start, 42, 7), DecisionId.Create(Start, 43, 7));
    }

    [Fact]
    public void Create_LaterMillisecond_SortsAfter()
    {
        DecisionId first = DecisionId.Create(Start, 1, 1_000);
        DecisionId second = DecisionId.Create(Start.AddMilliseconds(1), 1, 1);
        Assert.True(first < second);
        Assert.True(first.CompareTo(second) < 0);
        Assert.Equal(Start.ToUnixTimeMilliseconds(), first.UnixMilliseconds);
    }

    [Fact]
    public void ToString_IsVersion7GuidThatParsesBack()
    {
        DecisionId id = DecisionId.Create(Start, 99, 3);
        string text = id.ToString();
        Assert.Equal(36, text.Length);
        Assert.Equal('7', text[14]);
        Assert.Contains(text[19], "89ab");
        Assert.Equal(id, DecisionId.Parse(text));
        Assert.Equal(id, DecisionId.FromGuid(id.ToGuid()));
        Assert.Equal(7, id.ToGuid().Version);
    }

    [Fact]
    public void Create_ManyIds_AllDistinct()
    {
        var ids = new HashSet<DecisionId>();
        for (int i = 1; i <= 100_000; i++)
        {
            Assert.True(ids.Add(DecisionId.Create(Start, 5, i)));
        }
    }

    [Fact]
    public void Parse_NotAGuid_ThrowsFormatException()
    {
        FormatException ex = Assert.Throws<FormatException>(() => DecisionId.Parse("abc"));
        Assert.Contains("'abc'", ex.Message);
        Assert.False(DecisionId.TryParse(null, out _));
    }

    [Fact]
    public void Create_BeforeEpoch_Throws()
    {
        ArgumentOutOfRangeException ex = Assert.Throws<ArgumentOutOfRangeException>(() => DecisionId.Create(DateTimeOffset.UnixEpoch.AddDays(-1), 1, 1));
        Assert.Equal("timestamp", ex.ParamName);
    }
}
