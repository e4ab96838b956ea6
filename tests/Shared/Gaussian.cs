using RlCommons.Randomness;

namespace RlCommons.Testing;

/// <summary>Seeded normal draws (Box–Muller) for the tests' simulations. Compiled into every test project.</summary>
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
