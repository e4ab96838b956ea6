using System.Text.Json;
using RlCommons.Okr.Dsl;

namespace RlCommons.Okr.Serialization;

/// <summary>Reads and writes <see cref="Okr"/> as JSON through <see cref="OkrJsonContext"/>.</summary>
internal static class OkrJson
{
    public static string Write(Okr okr)
    {
        var document = new OkrDocument
        {
            Id = okr.Id,
            Objective = okr.Objective,
            KeyResults = [.. okr.KeyResults.Select(k => new KeyResultDocument
            {
                Metric = k.Metric,
                Target = k.Target,
                Direction = k.Direction,
                Weight = k.DeclaredWeight,
                Unit = k.Unit,
                Default = k.DefaultValue,
            })],
            Constraints = [.. okr.Constraints.Select(c => new ConstraintDocument
            {
                Metric = c.Metric,
                Comparison = c.Comparison,
                Threshold = c.Threshold,
                Penalty = c.Penalty,
                Tolerance = c.Tolerance,
                Default = c.DefaultValue,
            })],
            NorthStar = okr.NorthStar,
        };
        return JsonSerializer.Serialize(document, OkrJsonContext.Default.OkrDocument);
    }

    public static Okr Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        OkrDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, OkrJsonContext.Default.OkrDocument);
        }
        catch (JsonException ex)
        {
            // The serializer's message carries the JSON path and position (for example "$.keyResults[0].direction").
            throw new OkrValidationException($"The OKR JSON could not be read: {ex.Message}", ex);
        }

        if (document is null)
        {
            throw new OkrValidationException("The OKR JSON is 'null'; expected an object with id, objective and keyResults.");
        }

        // Null entries stay in place so that every message keeps the index the JSON has.
        KeyResultSpec?[] keyResults = [.. (document.KeyResults ?? []).Select(k => k is null ? null
            : new KeyResultSpec(k.Metric, k.Target, k.Direction, k.Weight ?? 1.0, k.Unit, k.Default))];
        ConstraintSpec?[] constraints = [.. (document.Constraints ?? []).Select(c => c is null ? null
            : new ConstraintSpec(c.Metric, c.Comparison, c.Threshold, c.Penalty, c.Tolerance, c.Default))];

        return OkrDefinition.Build(document.Id, document.Objective, keyResults, constraints, document.NorthStar);
    }
}
