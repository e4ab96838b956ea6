namespace RlCommons.Evaluation.Hierarchical;

/// <summary>The outcome of the Four Rooms experiment for one agent.</summary>
/// <param name="Agent">The learner.</param>
/// <param name="MeanSteps">For each episode, the steps to the goal (or the cap) averaged over the runs.</param>
/// <param name="RunWindowMeans">For each run, its mean steps per episode over the window after the goal moved.</param>
internal sealed record FourRoomsResult(FourRoomsAgent Agent, double[] MeanSteps, double[] RunWindowMeans)
{
    /// <summary>Gets the mean steps per episode over the runs and the episodes from the goal change to the end.</summary>
    public double WindowMean => RunWindowMeans.Average();

    /// <summary>Gets the standard error of <see cref="WindowMean"/> over the runs.</summary>
    public double WindowStandardError
    {
        get
        {
            double mean = WindowMean;
            int n = RunWindowMeans.Length;
            return n < 2 ? 0 : Math.Sqrt(RunWindowMeans.Sum(x => (x - mean) * (x - mean)) / (n - 1) / n);
        }
    }
}
