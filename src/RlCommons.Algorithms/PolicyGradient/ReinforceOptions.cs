using RlCommons.Validation;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// Hyperparameters of <see cref="ReinforceAgent"/>: REINFORCE (Williams 1992) with a learned state-value baseline
/// (Sutton and Barto 2018, §13.4) over whole episodes of one environment. <see cref="OnPolicyOptions.NSteps"/> caps the
/// steps of one update; <see cref="OnPolicyOptions.GaeLambda"/> must stay 1 (Monte-Carlo returns). There is no reference
/// implementation to copy defaults from; the defaults below (Adam 1e-3, 4 episodes per update, normalized advantages)
/// are ours, measured on CartPole-v1 in docs/learning.md.
/// </summary>
public sealed class ReinforceOptions : OnPolicyOptions
{
    /// <summary>Creates options with this library's REINFORCE defaults.</summary>
    public ReinforceOptions()
    {
        LearningRate = 1e-3;
        NSteps = 2048;
        GaeLambda = 1.0;
    }

    /// <summary>Whole episodes per update; an update also happens when <see cref="OnPolicyOptions.NSteps"/> steps are stored first (then the cut episode bootstraps from V).</summary>
    /// <value>The default is 4.</value>
    public int EpisodesPerUpdate { get; set; } = 4;

    /// <summary>Whether the advantages G − V(s) are normalized over the update.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool NormalizeAdvantage { get; set; } = true;

    /// <summary>Adam's ε.</summary>
    /// <value>The default is 1e-8 (PyTorch).</value>
    public double AdamEpsilon { get; set; } = 1e-8;

    internal override int BatchRows => NSteps;

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        RequireAtLeast(errors, EpisodesPerUpdate, 1, nameof(EpisodesPerUpdate));
        errors.Require(Environments == 1, nameof(Environments), Invariant($"Environments must be 1 (REINFORCE learns from whole episodes of one environment), was {Environments}."));
        errors.Require(GaeLambda == 1, nameof(GaeLambda), Invariant($"GaeLambda must be 1 (Monte-Carlo returns), was {GaeLambda}."));
        errors.RequirePositive(AdamEpsilon, nameof(AdamEpsilon));
    }
}
