using RlCommons.Evaluation.Policies;

namespace RlCommons.Evaluation.Commands;

/// <summary>The parsed options of the bandit command.</summary>
/// <param name="DataPath">The CSV file.</param>
/// <param name="Policy">The policy and its options.</param>
/// <param name="Passes">The number of passes over the data.</param>
internal sealed record BanditRunSettings(string DataPath, BanditPolicySettings Policy, int Passes);
