namespace RlCommons.Neural.Distributions;

/// <summary>Standard normal draws from a supplied generator (Box–Muller, one pair of uniforms per draw, so the stream is simple to reproduce).</summary>
internal static class StandardNormal
{
    public static double Sample(Random random)
    {
        // 1 − U keeps the logarithm's argument in (0, 1].
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
