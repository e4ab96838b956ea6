using RlCommons.Randomness;

namespace RlCommons.Monitoring.Tests.Sequential;

/// <summary>Seeded standard normal draws (Box–Muller) for the simulations.</summary>
internal sealed class Gaussian(ulong seed)
{
    private readonly Xoshiro256Random _random = new(seed);

    public double Next(double mean = 0, double sd = 1)
    {
        double u1 = 1 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return mean + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
