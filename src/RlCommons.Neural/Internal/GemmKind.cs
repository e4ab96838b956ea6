namespace RlCommons.Neural.Internal;

/// <summary>Which operand of a product is stored transposed.</summary>
internal enum GemmKind
{
    /// <summary>C = A·B.</summary>
    Plain,

    /// <summary>C = Aᵀ·B with A stored k×m.</summary>
    TransposedA,

    /// <summary>C = A·Bᵀ with B stored n×k.</summary>
    TransposedB,
}
