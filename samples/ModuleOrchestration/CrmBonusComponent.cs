using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RlCommons.Okr.Rewards;

namespace ModuleOrchestration;

/// <summary>
/// An example <see cref="IRewardComponent"/> (kept with this sample, not in RlCommons.Okr): the CRM bonuses of a sales orchestrator, read from two JSON files at
/// every step. Value = 0.5 · min(sales, 5) + 0.1 · stage multiplier, where the sales file is <c>{"sales": 3}</c>
/// and the pipeline file is <c>{"stage": "qualified"}</c> with multipliers proposal or purchased 3, qualified 2,
/// engaged 1, any other stage 0 (case-insensitive).
/// </summary>
/// <remarks>
/// A missing, unreadable or malformed file (not JSON, not an object, the property missing or of the wrong type, a
/// negative or non-finite sales count) makes that file's bonus 0 and is logged as a warning; it never throws, so a
/// CRM outage cannot stop training. Thread-safe (each call reads the files anew).
/// </remarks>
public sealed class CrmBonusComponent : IRewardComponent
{
    private readonly ILogger _logger;

    /// <summary>Creates the component.</summary>
    /// <param name="salesPath">The path of the sales JSON file.</param>
    /// <param name="pipelinePath">The path of the pipeline JSON file.</param>
    /// <param name="logger">Receives a warning for each unreadable or malformed file; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A path is null or empty.</exception>
    public CrmBonusComponent(string salesPath, string pipelinePath, ILogger<CrmBonusComponent>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(salesPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(pipelinePath);
        SalesPath = salesPath;
        PipelinePath = pipelinePath;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the path of the sales file.</summary>
    public string SalesPath { get; }

    /// <summary>Gets the path of the pipeline file.</summary>
    public string PipelinePath { get; }

    /// <summary>Gets the name in the reward breakdown: <c>crm_bonus</c>.</summary>
    public string Name => "crm_bonus";

    /// <summary>Returns 0.5 · min(sales, 5) (sales at least 0).</summary>
    /// <param name="sales">The number of sales.</param>
    /// <returns>The sale bonus, from 0 to 2.5.</returns>
    public static double SaleBonus(double sales) => 0.5 * Math.Min(sales, 5.0);

    /// <summary>Returns 0.1 · the stage multiplier (proposal or purchased 3, qualified 2, engaged 1, else 0).</summary>
    /// <param name="stage">The pipeline stage, case-insensitive; <see langword="null"/> counts as unknown.</param>
    /// <returns>The pipeline bonus: 0.3, 0.2, 0.1 or 0.</returns>
    public static double PipelineBonus(string? stage) => 0.1 * (stage?.ToUpperInvariant() switch
    {
        "PROPOSAL" or "PURCHASED" => 3,
        "QUALIFIED" => 2,
        "ENGAGED" => 1,
        _ => 0,
    });

    /// <inheritdoc />
    public double Compute(in OkrTransition transition)
    {
        double bonus = 0;
        using (JsonDocument? sales = Open(SalesPath))
        {
            if (sales is not null)
            {
                if (!sales.RootElement.TryGetProperty("sales", out JsonElement value) || value.ValueKind != JsonValueKind.Number
                    || !value.TryGetDouble(out double count) || !double.IsFinite(count) || count < 0)
                {
                    Log.CrmFileMalformed(_logger, SalesPath, "expected a non-negative number in \"sales\"");
                }
                else
                {
                    bonus += SaleBonus(count);
                }
            }
        }

        using (JsonDocument? pipeline = Open(PipelinePath))
        {
            if (pipeline is not null)
            {
                if (!pipeline.RootElement.TryGetProperty("stage", out JsonElement value) || value.ValueKind != JsonValueKind.String)
                {
                    Log.CrmFileMalformed(_logger, PipelinePath, "expected a string in \"stage\"");
                }
                else
                {
                    bonus += PipelineBonus(value.GetString());
                }
            }
        }

        return bonus;
    }

    private JsonDocument? Open(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Log.CrmFileUnreadable(_logger, path, ex);
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            Log.CrmFileMalformed(_logger, path, ex.Message);
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            Log.CrmFileMalformed(_logger, path, $"expected a JSON object, found {document.RootElement.ValueKind}");
            document.Dispose();
            return null;
        }

        return document;
    }
}
