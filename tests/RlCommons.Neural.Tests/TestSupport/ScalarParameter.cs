using RlCommons.Neural.Activations;
using RlCommons.Neural.Layers;

namespace RlCommons.Neural.Tests.TestSupport;

/// <summary>Parameters with chosen values, taken from a 1-input dense layer (the only public way to get them).</summary>
internal static class ScalarParameter
{
    /// <summary>A layer 1 → n whose weight holds <paramref name="values"/>.</summary>
    public static Parameter Create(params float[] values)
    {
        var layer = new DenseLayer(1, values.Length, Activation.Identity, 1);
        values.CopyTo(layer.Weight.Values);
        return layer.Weight;
    }
}
