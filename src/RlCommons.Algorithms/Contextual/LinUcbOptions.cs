using RlCommons.Validation;

namespace RlCommons.Algorithms.Contextual;

/// <summary>Options of <see cref="LinUcbBandit"/> (Li, Chu, Langford &amp; Schapire 2010).</summary>
public sealed class LinUcbOptions : LinearBanditOptions
{
    /// <summary>The width α of the confidence bound <c>θᵀx + α·sqrt(xᵀA⁻¹x)</c>; 0 is greedy.</summary>
    /// <value>The default is 1.0. The paper derives <c>1 + sqrt(ln(2/δ)/2)</c>; smaller values (0.1–0.5) often do better in practice.</value>
    public double Alpha { get; set; } = 1.0;

    /// <inheritdoc />
    protected override void ValidateLinear(ValidationErrors errors) => errors.RequireNonNegative(Alpha, nameof(Alpha));
}
