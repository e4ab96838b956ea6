using RlCommons.Features;

namespace ProviderSelection;

/// <summary>
/// Features of a request: the kind one-hot (4), the prompt length on a log scale (1), and the length per kind
/// (4), so that each provider's linear model can learn how its quality and latency change with length for
/// each kind. The bias is appended by the base class.
/// </summary>
public sealed class LlmRequestFeatures() : FeatureExtractor<LlmRequest>(DomainFeatureCount)
{
    private const int Kinds = 4;

    /// <summary>The number of domain features.</summary>
    public const int DomainFeatureCount = Kinds + 1 + Kinds;

    /// <inheritdoc />
    protected override void ExtractDomainFeatures(LlmRequest input, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(input);

        // log2(tokens) / 14 maps 1..16k tokens to about [0, 1].
        float length = (float)(Math.Log2(Math.Max(1, input.PromptTokens)) / 14.0);
        int kind = (int)input.Kind;
        destination[kind] = 1f;
        destination[Kinds] = length;
        destination[Kinds + 1 + kind] = length;
    }
}
