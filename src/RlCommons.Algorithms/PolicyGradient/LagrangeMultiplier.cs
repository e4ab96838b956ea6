namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// The multiplier λ of a Lagrangian constraint, updated by dual ascent: one Adam step (PyTorch's update, β₁ 0.9,
/// β₂ 0.999, ε 1e-8) on the loss −λ·(J_c − d), whose gradient is −(J_c − d), then projection onto λ ≥ 0
/// (OmniSafe's <c>Lagrange.update_lagrange_multiplier</c>). λ grows while the cost exceeds the limit and shrinks otherwise.
/// </summary>
internal sealed class LagrangeMultiplier
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;
    private readonly double _learningRate;

    public LagrangeMultiplier(double initial, double learningRate)
    {
        Value = initial;
        _learningRate = learningRate;
    }

    public double Value { get; private set; }

    public double FirstMoment { get; private set; }

    public double SecondMoment { get; private set; }

    public long Steps { get; private set; }

    /// <summary>One dual step for the observed mean episode cost <paramref name="episodeCost"/> against <paramref name="limit"/>.</summary>
    public void Update(double episodeCost, double limit)
    {
        double gradient = -(episodeCost - limit);
        Steps++;
        FirstMoment = (Beta1 * FirstMoment) + ((1 - Beta1) * gradient);
        SecondMoment = (Beta2 * SecondMoment) + ((1 - Beta2) * gradient * gradient);
        double firstUnbiased = FirstMoment / (1 - Math.Pow(Beta1, Steps));
        double secondUnbiased = SecondMoment / (1 - Math.Pow(Beta2, Steps));
        Value = Math.Max(0, Value - (_learningRate * firstUnbiased / (Math.Sqrt(secondUnbiased) + Epsilon)));
    }

    /// <summary>Restores a saved state.</summary>
    public void Set(double value, double firstMoment, double secondMoment, long steps)
    {
        Value = value;
        FirstMoment = firstMoment;
        SecondMoment = secondMoment;
        Steps = steps;
    }
}
