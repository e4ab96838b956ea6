namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// Options of <see cref="SmdpQLearningAgent"/>: Bradtke &amp; Duff (1995); Sutton, Precup &amp; Singh (1999), §3.2.
/// Every hyperparameter is on <see cref="OptionValueOptions"/>.
/// </summary>
public sealed class SmdpQLearningOptions : OptionValueOptions
{
}
