using RlCommons.Validation;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// Hyperparameters of <see cref="PpoLagrangianAgent"/>: PPO (every <see cref="PpoOptions"/> setting applies) on the
/// Lagrangian of a constrained MDP (Ray, Achiam and Amodei 2019, "Benchmarking Safe Exploration in Deep RL"), with
/// the multiplier updated as OmniSafe's <c>PPOLag</c> does. Defaults for the constraint are OmniSafe's
/// (initial λ 0.001, λ learning rate 0.035, cost limit 25).
/// </summary>
public sealed class PpoLagrangianOptions : PpoOptions
{
    /// <summary>The per-step cost. Required.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public StepCost? CostFunction { get; set; }

    /// <summary>The limit d on the expected (undiscounted) episode cost, at least 0.</summary>
    /// <value>The default is 25 (OmniSafe).</value>
    public double CostLimit { get; set; } = 25;

    /// <summary>The initial Lagrange multiplier λ₀, at least 0.</summary>
    /// <value>The default is 0.001 (OmniSafe).</value>
    public double LagrangianMultiplierInit { get; set; } = 0.001;

    /// <summary>The learning rate of the Adam step on λ (β 0.9, 0.999; ε 1e-8, PyTorch's defaults).</summary>
    /// <value>The default is 0.035 (OmniSafe).</value>
    public double LagrangianLearningRate { get; set; } = 0.035;

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        errors.Require(CostFunction is not null, nameof(CostFunction), "CostFunction must be set.");
        errors.RequireNonNegative(CostLimit, nameof(CostLimit));
        errors.RequireNonNegative(LagrangianMultiplierInit, nameof(LagrangianMultiplierInit));
        errors.RequirePositive(LagrangianLearningRate, nameof(LagrangianLearningRate));
    }
}
