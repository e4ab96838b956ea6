namespace ProviderSelection;

/// <summary>
/// A simulated market of LLM providers whose quality, latency, price and reliability depend on the request
/// kind and prompt length. It stands in for real calls so the sample runs anywhere, reproducibly.
/// </summary>
public sealed class ProviderSimulator
{
    private readonly Random _random;

    /// <summary>Creates the simulator.</summary>
    /// <param name="seed">Seed of every random draw (requests and outcomes).</param>
    public ProviderSimulator(int seed) => _random = new Random(seed);

    /// <summary>The providers, in arm order.</summary>
    public static IReadOnlyList<ProviderProfile> Providers { get; } =
    [
        // name, quality by kind (code, chat, summarization, extraction), quality lost per log2 token above 512,
        // base latency s, latency per 1k tokens s, $ per 1k tokens, error rate, extra error rate on long prompts
        new("frontier-xl", [0.95, 0.92, 0.93, 0.93], 0.004, 2.4, 0.90, 0.030, 0.010, 0.010),
        new("balanced-m", [0.74, 0.80, 0.76, 0.88], 0.020, 1.1, 0.35, 0.008, 0.015, 0.020),
        new("code-special", [0.94, 0.66, 0.62, 0.70], 0.015, 1.4, 0.45, 0.012, 0.020, 0.030),
        new("fast-s", [0.50, 0.86, 0.66, 0.72], 0.060, 0.4, 0.10, 0.002, 0.020, 0.080),
        new("local-oss", [0.58, 0.64, 0.84, 0.62], 0.010, 0.9, 0.35, 0.0004, 0.030, 0.010),
    ];

    /// <summary>Draws the next request: kinds in a fixed mix, prompt lengths log-uniform in 32..16k tokens.</summary>
    /// <returns>A request.</returns>
    public LlmRequest NextRequest()
    {
        double u = _random.NextDouble();
        RequestKind kind = u switch
        {
            < 0.30 => RequestKind.Code,
            < 0.65 => RequestKind.Chat,
            < 0.85 => RequestKind.Summarization,
            _ => RequestKind.Extraction,
        };
        int tokens = (int)Math.Pow(2, 5 + (_random.NextDouble() * 9));
        return new LlmRequest(kind, tokens);
    }

    /// <summary>Serves <paramref name="request"/> with provider <paramref name="provider"/>, with noise.</summary>
    /// <param name="provider">The provider's index.</param>
    /// <param name="request">The request.</param>
    /// <returns>What happened.</returns>
    public LlmOutcome Serve(int provider, LlmRequest request)
    {
        ProviderProfile p = Providers[provider];
        LlmOutcome expected = p.Expected(request);
        bool failed = _random.NextDouble() < p.ErrorRate(request);
        double latency = expected.LatencySeconds * Math.Exp(0.25 * Gaussian());
        if (failed)
        {
            return new LlmOutcome(0, Math.Min(latency * 2, 30), expected.CostDollars * 0.5, Failed: true);
        }

        double quality = Math.Clamp(expected.Quality + (0.08 * Gaussian()), 0, 1);
        return new LlmOutcome(quality, latency, expected.CostDollars, Failed: false);
    }

    private double Gaussian()
    {
        // Box–Muller from two uniforms.
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

/// <summary>How one simulated provider behaves.</summary>
/// <param name="Name">The provider's name.</param>
/// <param name="QualityByKind">Mean quality per <see cref="RequestKind"/>.</param>
/// <param name="QualityLossPerDoubling">Quality lost per doubling of the prompt above 512 tokens.</param>
/// <param name="BaseLatency">Seconds for a tiny prompt.</param>
/// <param name="LatencyPerThousandTokens">Extra seconds per 1,000 prompt tokens.</param>
/// <param name="PricePerThousandTokens">Dollars per 1,000 tokens (prompt plus a 400-token answer).</param>
/// <param name="BaseErrorRate">Probability of an error on a short prompt.</param>
/// <param name="LongPromptErrorRate">Extra error probability at 16k tokens (linear in log length above 512).</param>
public sealed record ProviderProfile(
    string Name,
    double[] QualityByKind,
    double QualityLossPerDoubling,
    double BaseLatency,
    double LatencyPerThousandTokens,
    double PricePerThousandTokens,
    double BaseErrorRate,
    double LongPromptErrorRate)
{
    private const double AnswerTokens = 400;

    /// <summary>The noise-free outcome (quality and latency means, exact cost).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The expected outcome, with <c>Failed = false</c>.</returns>
    public LlmOutcome Expected(LlmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        double doublingsAbove512 = Math.Max(0, Math.Log2(request.PromptTokens / 512.0));
        double quality = Math.Clamp(QualityByKind[(int)request.Kind] - (QualityLossPerDoubling * doublingsAbove512), 0, 1);
        double latency = BaseLatency + (LatencyPerThousandTokens * (request.PromptTokens + AnswerTokens) / 1000.0);
        double cost = PricePerThousandTokens * (request.PromptTokens + AnswerTokens) / 1000.0;
        return new LlmOutcome(quality, latency, cost, Failed: false);
    }

    /// <summary>The probability that a call fails.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The error rate.</returns>
    public double ErrorRate(LlmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        double doublingsAbove512 = Math.Max(0, Math.Log2(request.PromptTokens / 512.0));
        return Math.Clamp(BaseErrorRate + (LongPromptErrorRate * doublingsAbove512 / 5.0), 0, 1);
    }
}
