using RlCommons.Okr.Dsl;

namespace RlCommons.Okr.Tests.Serialization;

public class OkrJsonTests
{
    private static Okr Awkward() => Okr.Create("awkward")
        .WithObjective("Numbers that do not print exactly")
        .WithKeyResult("a", 0.1, Direction.Maximize, weight: 1.0 / 3, unit: "€")
        .WithKeyResult("b", -7e-300, Direction.Minimize, weight: 0.7, defaultValue: 2.5e-7)
        .WithKeyResult("c", 123456789.123456789, Direction.Maximize, weight: Math.PI)
        .WithConstraint("d", Comparison.Equal, 0, penalty: 0.3, tolerance: 1e-9, defaultValue: -0.0)
        .WithConstraint("e", Comparison.GreaterOrEqual, 1.1, penalty: 0)
        .Build();

    [Fact]
    public void FromJson_ToJson_RoundTripsExactly()
    {
        Okr original = Awkward();

        string json = original.ToJson();
        Okr read = Okr.FromJson(json);

        Assert.Equal(json, read.ToJson());
        Assert.Equal(original.Id, read.Id);
        Assert.Equal(original.Objective, read.Objective);
        Assert.Equal(original.NorthStar, read.NorthStar);
        Assert.Equal(original.KeyResults, read.KeyResults);
        Assert.Equal(original.Constraints, read.Constraints);
        for (int i = 0; i < original.KeyResults.Count; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(original.KeyResults[i].Weight), BitConverter.DoubleToInt64Bits(read.KeyResults[i].Weight));
            Assert.Equal(BitConverter.DoubleToInt64Bits(original.KeyResults[i].Target), BitConverter.DoubleToInt64Bits(read.KeyResults[i].Target));
        }
    }

    [Fact]
    public void ToJson_RevenueOkr_WritesTheDocumentedShape()
    {
        string expected = """
            {
              "id": "revenue_q1",
              "objective": "Maximize revenue while maintaining quality",
              "keyResults": [
                {
                  "metric": "monthly_recurring_revenue",
                  "target": 100000,
                  "direction": "Maximize",
                  "weight": 0.6,
                  "unit": "USD"
                },
                {
                  "metric": "customer_satisfaction",
                  "target": 0.9,
                  "direction": "Maximize",
                  "weight": 0.4
                }
              ],
              "constraints": [
                {
                  "metric": "churn_rate",
                  "comparison": "LessOrEqual",
                  "threshold": 0.05,
                  "penalty": 10,
                  "tolerance": 0
                }
              ],
              "northStar": "customer_lifetime_value"
            }
            """;

        Assert.Equal(expected.ReplaceLineEndings("\n"), RevenueOkr.Build().ToJson().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void FromJson_MinimalDocument_AppliesDefaults()
    {
        Okr okr = Okr.FromJson("""{"id":"o","objective":"x","keyResults":[{"metric":"a","target":2,"direction":"minimize"}],"constraints":[{"metric":"c","comparison":"GreaterOrEqual","threshold":1}]}""");

        Assert.Equal(1.0, okr.KeyResults[0].Weight);
        Assert.Equal(Direction.Minimize, okr.KeyResults[0].Direction);
        Assert.Equal(1.0, okr.Constraints[0].Penalty);
        Assert.Equal(0.0, okr.Constraints[0].Tolerance);
        Assert.Null(okr.NorthStar);
    }

    [Fact]
    public void FromJson_InvalidDefinition_ReportsTheSameMessagesAsTheBuilder()
    {
        const string json = """
            {"id":"o","objective":"","keyResults":[{"metric":"a","target":0,"direction":"Maximize","weight":-1},{"metric":"a","direction":"Maximize"}],
             "constraints":[{"metric":"c","comparison":"Equal","threshold":1}]}
            """;

        var ex = Assert.Throws<OkrValidationException>(() => Okr.FromJson(json));

        Assert.Equal(
            [
                "objective must not be empty.",
                "keyResults[0] ('a'): target must be a finite non-zero number, was 0.",
                "keyResults[0] ('a'): weight must be a finite number greater than 0, was -1.",
                "keyResults[1] ('a'): duplicate metric 'a', already used by keyResults[0].",
                "keyResults[1] ('a'): target is required.",
                "constraints[0] ('c'): an equality constraint needs a tolerance greater than 0 (a continuous metric is almost never exactly equal).",
            ],
            ex.Errors);
        Assert.StartsWith("The OKR 'o' is not valid (6 problems):", ex.Message);
    }

    [Fact]
    public void FromJson_NullEntries_KeepTheJsonIndices()
    {
        const string json = """
            {"id":"o","objective":"x","keyResults":[null,{"metric":"a","target":1,"direction":"Maximize","weight":-1}],"constraints":[{"metric":"c","comparison":"LessOrEqual","threshold":1},null]}
            """;

        var ex = Assert.Throws<OkrValidationException>(() => Okr.FromJson(json));

        Assert.Equal(["keyResults[0] is null.", "keyResults[1] ('a'): weight must be a finite number greater than 0, was -1.", "constraints[1] is null."], ex.Errors);
    }

    [Theory]
    [InlineData("{}", "id must not be empty.")]
    [InlineData("""{"id":"o","objective":"x"}""", "keyResults: at least one key result is required.")]
    [InlineData("""{"id":"o","objective":"x","keyResults":[{"metric":"a","target":1}]}""", "keyResults[0] ('a'): direction is required (Maximize or Minimize).")]
    [InlineData("""{"id":"o","objective":"x","keyResults":[null]}""", "keyResults[0] is null.")]
    [InlineData("""{"id":"o","objective":"x","keyResults":[{"metric":"a","target":1,"direction":"Maximize"}],"constraints":[{"metric":"c","threshold":1}]}""", "constraints[0] ('c'): comparison is required (LessOrEqual, GreaterOrEqual or Equal).")]
    [InlineData("""{"id":"o","objective":"x","keyResults":[{"metric":"a","target":1,"direction":"Maximize"}],"constraints":[{"metric":"c","comparison":"LessOrEqual"}]}""", "constraints[0] ('c'): threshold is required.")]
    public void FromJson_MissingField_NamesIt(string json, string expected)
        => Assert.Contains(expected, Assert.Throws<OkrValidationException>(() => Okr.FromJson(json)).Errors);

    [Theory]
    [InlineData("{\"id\": ", "The OKR JSON could not be read:")]
    [InlineData("null", "The OKR JSON is 'null'; expected an object with id, objective and keyResults.")]
    [InlineData("""{"id":"o","objective":"x","keyResults":[{"metric":"a","target":1,"direction":"Up"}]}""", "$.keyResults[0].direction")]
    [InlineData("""{"id":"o","objective":"x","keyResults":[{"metric":"a","target":"many","direction":"Maximize"}]}""", "$.keyResults[0].target")]
    [InlineData("""{"id":"o","objective":"x","keyResult":[]}""", "keyResult")]
    public void FromJson_UnreadableJson_ThrowsWithThePath(string json, string expected)
    {
        var ex = Assert.Throws<OkrValidationException>(() => Okr.FromJson(json));

        Assert.Contains(expected, ex.Message);
        Assert.Single(ex.Errors);
    }

    [Fact]
    public void FromJson_Null_Throws() => Assert.Throws<ArgumentNullException>(() => Okr.FromJson(null!));
}
