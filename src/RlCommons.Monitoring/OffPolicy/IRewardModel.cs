namespace RlCommons.Monitoring.OffPolicy;

/// <summary>A model of the expected reward q̂(context, action), used by the direct-method and doubly robust estimators.</summary>
public interface IRewardModel
{
    /// <summary>Predicts the expected reward of <paramref name="action"/> in <paramref name="context"/>.</summary>
    /// <param name="context">The context features.</param>
    /// <param name="action">The action.</param>
    /// <returns>The predicted reward.</returns>
    double Predict(IReadOnlyList<double> context, int action);
}
