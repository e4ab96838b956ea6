using RlCommons.Algorithms.Bandits;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Contextual;

/// <summary>The options every linear contextual bandit shares: the feature dimension and the ridge model.</summary>
public abstract class LinearBanditOptions : BanditOptions
{
    /// <summary>The length of the feature vectors (include a constant 1 feature for an intercept). Required.</summary>
    /// <value>The default is 0, which is invalid: set it.</value>
    public int Dimension { get; set; }

    /// <summary>The ridge regularization λ: every arm's model starts from A = λI, b = 0.</summary>
    /// <value>The default is 1, as in Li et al. (2010).</value>
    public double Lambda { get; set; } = 1.0;

    /// <summary>
    /// How many updates of an arm pass between recomputations of A⁻¹ from A by Cholesky factorization, which
    /// removes the rounding drift that rank-one (Sherman–Morrison) updates accumulate. 0 never refreshes.
    /// </summary>
    /// <value>The default is 1000.</value>
    public int RefreshInterval { get; set; } = 1000;

    /// <inheritdoc />
    protected sealed override void ValidateBandit(ValidationErrors errors)
    {
        errors.Require(Dimension >= 1, nameof(Dimension), $"Dimension must be at least 1, was {Dimension}.");
        errors.Require(Dimension <= 4096, nameof(Dimension), $"Dimension must be at most 4096 (each arm stores d×d matrices), was {Dimension}.");
        errors.RequirePositive(Lambda, nameof(Lambda));
        errors.Require(RefreshInterval >= 0, nameof(RefreshInterval), $"RefreshInterval must be at least 0, was {RefreshInterval}.");
        ValidateLinear(errors);
    }

    /// <summary>Adds the problems specific to one linear bandit's options.</summary>
    /// <param name="errors">The collector.</param>
    protected abstract void ValidateLinear(ValidationErrors errors);
}
