namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// Options of <see cref="IntraOptionQLearningAgent"/>: Sutton, Precup &amp; Singh (1999), §6 (intra-option
/// Q-learning). Every hyperparameter is on <see cref="OptionValueOptions"/>.
/// </summary>
public sealed class IntraOptionQLearningOptions : OptionValueOptions
{
}
