using System.Text.Json;
using System.Text.Json.Serialization;

namespace RlCommons.Okr.Serialization;

/// <summary>Source-generated System.Text.Json metadata for OKR documents (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(OkrDocument))]
internal sealed partial class OkrJsonContext : JsonSerializerContext;
