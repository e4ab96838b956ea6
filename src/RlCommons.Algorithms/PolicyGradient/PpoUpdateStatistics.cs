namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>Averages over the minibatches of one PPO update (SB3's <c>train/</c> log entries).</summary>
/// <param name="PolicyLoss">The clipped surrogate loss.</param>
/// <param name="ValueLoss">The mean squared error of the value predictions.</param>
/// <param name="Entropy">The mean policy entropy.</param>
/// <param name="ApproximateKl">The mean approximate KL divergence mean((r − 1) − log r).</param>
/// <param name="ClipFraction">The fraction of ratios outside the clip range.</param>
/// <param name="Minibatches">The gradient steps taken.</param>
/// <param name="StoppedEarly">Whether the target KL stopped the update.</param>
public readonly record struct PpoUpdateStatistics(double PolicyLoss, double ValueLoss, double Entropy, double ApproximateKl, double ClipFraction, int Minibatches, bool StoppedEarly);
