namespace RlCommons.Evaluation.Policies;

/// <summary>What the command line says about the policy.</summary>
/// <param name="Name">One of <see cref="BanditPolicyFactory.Names"/>.</param>
/// <param name="Alpha">--alpha, or <see langword="null"/> for the policy's default.</param>
/// <param name="Epsilon">--epsilon, or <see langword="null"/> for the policy's default.</param>
/// <param name="Seed">The run seed; the policy's randomness derives from it.</param>
internal sealed record BanditPolicySettings(string Name, double? Alpha, double? Epsilon, long Seed);
