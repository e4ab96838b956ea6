namespace RlCommons.Monitoring.OffPolicy;

/// <summary>A model of the expected reward q̂(context, action), used by the direct-method and doubly robust estimators.</summary>
public interface IRewardModel
{
    /// <summary>Predicts the expected reward of <paramref name="action"/> for <paramref name="features"/>.</summary>
    /// <param name="features">The context's features.</param>
    /// <param name="action">The action.</param>
    /// <returns>The predicted reward.</returns>
    double Predict(ReadOnlySpan<float> features, int action);
}
