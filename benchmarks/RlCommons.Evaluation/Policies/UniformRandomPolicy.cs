namespace RlCommons.Evaluation.Policies;

/// <summary>The uniform random baseline: every arm with probability 1/K, from a seeded generator; learns nothing.</summary>
internal sealed class UniformRandomPolicy : IBanditPolicy
{
    private readonly Random _random;
    private readonly int _armCount;

    public UniformRandomPolicy(int armCount, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(armCount, 1);
        ArgumentNullException.ThrowIfNull(random);
        _armCount = armCount;
        _random = random;
    }

    public int Choose(ReadOnlySpan<float> features) => _random.Next(_armCount);

    public void Learn(ReadOnlySpan<float> features, int arm, double reward)
    {
    }
}
