namespace RlCommons.Neural.Activations;

/// <summary>The element-wise nonlinearity applied after a dense layer's affine map.</summary>
public enum Activation
{
    /// <summary>No nonlinearity: <c>f(z) = z</c> (the usual output layer).</summary>
    Identity = 0,

    /// <summary>Rectified linear unit <c>max(0, z)</c>; the derivative at 0 is taken as 0, like PyTorch.</summary>
    Relu = 1,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh = 2,

    /// <summary>Leaky ReLU <c>z</c> for <c>z &gt; 0</c>, <c>slope · z</c> otherwise (PyTorch's default slope is 0.01).</summary>
    LeakyRelu = 3,
}
