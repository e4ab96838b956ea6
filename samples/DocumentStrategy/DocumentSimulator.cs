namespace DocumentStrategy;

/// <summary>
/// A simulated document intake and four processing strategies whose accuracy, price and latency depend on the
/// document. It stands in for real engines so the sample runs anywhere, reproducibly.
/// </summary>
public sealed class DocumentSimulator
{
    private readonly Random _random;

    /// <summary>Creates the simulator.</summary>
    /// <param name="seed">Seed of every random draw (documents and outcomes).</param>
    public DocumentSimulator(int seed) => _random = new Random(seed);

    /// <summary>The strategies, in arm order.</summary>
    public static IReadOnlyList<StrategyProfile> Strategies { get; } =
    [
        // name, accuracy (digital, scanned), loss with tables, loss on non-Latin (digital, scanned),
        // $ per page, base latency s, latency per page s
        new("text-extract", 0.97, 0.05, 0.30, 0.03, 0.00, 0.0001, 0.2, 0.02),
        new("ocr", 0.93, 0.89, 0.15, 0.10, 0.35, 0.0015, 1.0, 0.5),
        new("layout-model", 0.95, 0.93, 0.01, 0.08, 0.32, 0.004, 2.0, 0.9),
        new("llm-vision", 0.96, 0.95, 0.01, 0.03, 0.03, 0.008, 3.0, 3.5),
    ];

    /// <summary>
    /// Draws the next document: 45 % scanned, 35 % with tables, English 50 %, German 25 %, Japanese 15 %, Arabic
    /// 10 %, 1 to 96 pages (log-uniform), about 60 KB a digital page and 350 KB a scanned one.
    /// </summary>
    /// <returns>A document.</returns>
    public Document NextDocument()
    {
        bool scanned = _random.NextDouble() < 0.45;
        bool tables = _random.NextDouble() < 0.35;
        double u = _random.NextDouble();
        DocumentLanguage language = u switch
        {
            < 0.50 => DocumentLanguage.English,
            < 0.75 => DocumentLanguage.German,
            < 0.90 => DocumentLanguage.Japanese,
            _ => DocumentLanguage.Arabic,
        };
        int pages = (int)Math.Pow(2, _random.NextDouble() * 6.6);
        double size = pages * (scanned ? 0.35 : 0.06) * Math.Exp(0.3 * Gaussian());
        return new Document(pages, scanned, tables, language, size);
    }

    /// <summary>Processes <paramref name="document"/> with strategy <paramref name="strategy"/>, with noise.</summary>
    /// <param name="strategy">The strategy's index.</param>
    /// <param name="document">The document.</param>
    /// <returns>What happened.</returns>
    public ExtractionOutcome Process(int strategy, Document document)
    {
        ExtractionOutcome expected = Strategies[strategy].Expected(document);
        double accuracy = Math.Clamp(expected.Accuracy + (0.04 * Gaussian()), 0, 1);
        double latency = expected.LatencySeconds * Math.Exp(0.15 * Gaussian());
        return new ExtractionOutcome(accuracy, expected.CostPerPage, latency);
    }

    private double Gaussian()
    {
        // Box–Muller from two uniforms.
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

/// <summary>How one simulated processing strategy behaves.</summary>
/// <param name="Name">The strategy's name.</param>
/// <param name="DigitalAccuracy">Mean accuracy on a born-digital Latin document without tables.</param>
/// <param name="ScannedAccuracy">Mean accuracy on a scanned Latin document without tables.</param>
/// <param name="TableLoss">Accuracy lost when the document has tables.</param>
/// <param name="DigitalNonLatinLoss">Accuracy lost on a born-digital non-Latin document.</param>
/// <param name="ScannedNonLatinLoss">Accuracy lost on a scanned non-Latin document.</param>
/// <param name="CostPerPage">Dollars per page.</param>
/// <param name="BaseLatency">Seconds per document.</param>
/// <param name="LatencyPerPage">Extra seconds per page.</param>
public sealed record StrategyProfile(
    string Name,
    double DigitalAccuracy,
    double ScannedAccuracy,
    double TableLoss,
    double DigitalNonLatinLoss,
    double ScannedNonLatinLoss,
    double CostPerPage,
    double BaseLatency,
    double LatencyPerPage)
{
    /// <summary>The noise-free outcome (mean accuracy, exact cost, median latency).</summary>
    /// <param name="document">The document.</param>
    /// <returns>The expected outcome.</returns>
    public ExtractionOutcome Expected(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        double accuracy = document.Scanned ? ScannedAccuracy : DigitalAccuracy;
        accuracy -= document.HasTables ? TableLoss : 0;
        accuracy -= document.NonLatin ? (document.Scanned ? ScannedNonLatinLoss : DigitalNonLatinLoss) : 0;
        return new ExtractionOutcome(Math.Clamp(accuracy, 0, 1), CostPerPage, BaseLatency + (LatencyPerPage * document.Pages));
    }
}
