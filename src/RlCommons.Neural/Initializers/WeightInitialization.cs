namespace RlCommons.Neural.Initializers;

/// <summary>How an <see cref="Layers.Mlp"/> initializes its dense layers.</summary>
public enum WeightInitialization
{
    /// <summary>PyTorch's <c>nn.Linear</c> default: weight and bias from U(−1/√fan_in, 1/√fan_in).</summary>
    PyTorchDefault = 0,

    /// <summary>Xavier/Glorot uniform (Glorot and Bengio 2010) with the layer's gain; bias 0.</summary>
    XavierUniform = 1,

    /// <summary>Kaiming/He normal, fan-in mode (He et al. 2015) with the layer's gain; bias 0.</summary>
    KaimingNormal = 2,

    /// <summary>Orthogonal (Saxe et al. 2014) scaled by the layer's gain, bias 0: the SB3/CleanRL choice for PPO.</summary>
    Orthogonal = 3,
}
