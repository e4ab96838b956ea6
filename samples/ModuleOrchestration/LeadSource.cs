namespace ModuleOrchestration;

/// <summary>Draws incoming leads: 70 % web (60 % low, 30 % medium, 10 % high), 30 % referral (15 %, 35 %, 50 %).</summary>
/// <param name="seed">Seed of the draws.</param>
public sealed class LeadSource(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Draws the next lead.</summary>
    /// <returns>A lead.</returns>
    public Lead Next()
    {
        LeadChannel channel = _random.NextDouble() < 0.7 ? LeadChannel.Web : LeadChannel.Referral;
        double u = _random.NextDouble();
        (double low, double medium) = channel == LeadChannel.Web ? (0.60, 0.30) : (0.15, 0.35);
        LeadQuality quality = u < low ? LeadQuality.Low : u < low + medium ? LeadQuality.Medium : LeadQuality.High;
        return new Lead(channel, quality);
    }
}
