namespace RlCommons.Algorithms.Training;

/// <summary>The returns of a policy over evaluation episodes.</summary>
/// <param name="Returns">The undiscounted return of each episode, in order.</param>
/// <param name="Lengths">The length of each episode, in order.</param>
public sealed record EvaluationResult(IReadOnlyList<double> Returns, IReadOnlyList<int> Lengths)
{
    /// <summary>The mean return.</summary>
    public double MeanReturn => Returns.Average();

    /// <summary>The population standard deviation of the returns (NumPy's <c>np.std</c>, as SB3's <c>evaluate_policy</c> reports).</summary>
    public double StdReturn
    {
        get
        {
            double mean = MeanReturn;
            return Math.Sqrt(Returns.Sum(r => (r - mean) * (r - mean)) / Returns.Count);
        }
    }

    /// <summary>The mean episode length.</summary>
    public double MeanLength => Lengths.Average();
}
