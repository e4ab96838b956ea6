using RlCommons.Features;

namespace DocumentStrategy;

/// <summary>
/// Features of a document: scanned, tables, non-Latin script, the two interactions that change which engine
/// reads a scan well (scanned × tables, scanned × non-Latin), a one-hot page-count bucket (≤ 10, 11–25, 26–50,
/// &gt; 50; latency grows with pages) and the file size on a log scale. The bias is appended by the base class.
/// </summary>
public sealed class DocumentFeatures() : FeatureExtractor<Document>(DomainFeatureCount)
{
    /// <summary>The number of domain features.</summary>
    public const int DomainFeatureCount = 10;

    /// <inheritdoc />
    protected override void ExtractDomainFeatures(Document input, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(input);
        float scanned = input.Scanned ? 1f : 0f;
        float tables = input.HasTables ? 1f : 0f;
        float nonLatin = input.NonLatin ? 1f : 0f;
        destination[0] = scanned;
        destination[1] = tables;
        destination[2] = nonLatin;
        destination[3] = scanned * tables;
        destination[4] = scanned * nonLatin;
        int bucket = input.Pages switch
        {
            <= 10 => 0,
            <= 25 => 1,
            <= 50 => 2,
            _ => 3,
        };
        destination[5 + bucket] = 1f;

        // log2(1 + MB) / 6 maps 0..64 MB to about [0, 1].
        destination[9] = (float)(Math.Log2(1 + input.SizeMegabytes) / 6.0);
    }
}
