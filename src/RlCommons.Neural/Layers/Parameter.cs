namespace RlCommons.Neural.Layers;

/// <summary>
/// A trainable tensor (flattened) and its gradient, the unit an optimizer updates.
/// </summary>
public sealed class Parameter
{
    internal Parameter(string name, int length)
    {
        Name = name;
        Data = new float[length];
        Grad = new float[length];
    }

    /// <summary>A name for diagnostics, for example <c>layers.0.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The number of scalars.</summary>
    public int Length => Data.Length;

    /// <summary>The values (a dense layer's weight is row-major, output × input, as in PyTorch).</summary>
    public Span<float> Values => Data;

    /// <summary>The gradient of the last backward pass, same layout as <see cref="Values"/>.</summary>
    public Span<float> Gradients => Grad;

    internal float[] Data { get; }

    internal float[] Grad { get; }
}
