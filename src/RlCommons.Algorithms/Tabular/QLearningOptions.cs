namespace RlCommons.Algorithms.Tabular;

/// <summary>
/// Options of <see cref="QLearningAgent"/>: Watkins, <i>Learning from Delayed Rewards</i> (PhD thesis, 1989);
/// Sutton &amp; Barto 2018, §6.5. Every hyperparameter is on <see cref="TabularOptions"/>.
/// </summary>
public sealed class QLearningOptions : TabularOptions
{
}
