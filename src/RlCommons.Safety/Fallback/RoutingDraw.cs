using RlCommons.Randomness;

namespace RlCommons.Safety.Fallback;

/// <summary>The randomness of decision n (a mixture's routing draw, a rule policy's sample): a uniform double in [0, 1) from <c>SeedSequence.Derive(seed, n)</c>, so routing replays exactly and needs no shared generator.</summary>
internal static class RoutingDraw
{
    public static double Uniform(ulong seed) => (seed >> 11) * (1.0 / (1UL << 53));

    public static ulong Seed(ulong baseSeed, long n) => SeedSequence.Derive(baseSeed, (ulong)n);
}
