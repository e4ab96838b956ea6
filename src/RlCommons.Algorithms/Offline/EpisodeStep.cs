namespace RlCommons.Algorithms.Offline;

/// <summary>One logged step of a multi-step run (one line of an episode log; see <see cref="EpisodeLogReader"/>).</summary>
/// <param name="RunId">The run (episode) the step belongs to.</param>
/// <param name="Step">The step's position in its run, from 0.</param>
/// <param name="State">The state's feature vector.</param>
/// <param name="Action">The action taken, an index.</param>
/// <param name="Reward">The reward that followed; finite.</param>
/// <param name="Mode">What chose the action.</param>
/// <param name="Propensity">The probability with which the logging policy chose <paramref name="Action"/>, in (0, 1]; <see langword="null"/> when unknown (a deterministic rule, or not logged).</param>
public sealed record EpisodeStep(string RunId, int Step, float[] State, int Action, double Reward, PolicyMode Mode, double? Propensity = null);
