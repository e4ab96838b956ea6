namespace RlCommons.Algorithms.Tabular;

/// <summary>
/// Options of <see cref="SarsaAgent"/>: Rummery &amp; Niranjan, <i>On-line Q-learning using connectionist systems</i>
/// (1994); Sutton &amp; Barto 2018, §6.4. Every hyperparameter is on <see cref="TabularOptions"/>.
/// </summary>
public sealed class SarsaOptions : TabularOptions
{
}
