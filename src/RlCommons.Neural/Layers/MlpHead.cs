using System.Globalization;

namespace RlCommons.Neural.Layers;

/// <summary>
/// One named head of an <see cref="Mlp"/>: a block of <see cref="Size"/> consecutive outputs with its own
/// initialization gain, for example PPO's policy logits (gain 0.01) and value (gain 1) over a shared trunk.
/// </summary>
/// <remarks>
/// The heads of a network are the rows of its one final linear layer, concatenated in declaration order, so head
/// <c>h</c> reads outputs <c>[offset_h, offset_h + Size)</c> of every row. A linear layer whose weight rows are the
/// stacked weights of separate linear heads computes exactly what the separate heads compute, so this is the same
/// network as one with separate <c>nn.Linear</c> heads; each head's block is initialized as if it were its own layer.
/// Immutable, so safe to share between threads and networks.
/// </remarks>
public sealed class MlpHead
{
    /// <summary>Declares a head.</summary>
    /// <param name="name">A name, unique within the network (for example <c>logits</c>); not empty.</param>
    /// <param name="size">The number of outputs; at least 1.</param>
    /// <param name="gain">
    /// The gain for the Xavier, Kaiming and orthogonal initializations (ignored by the PyTorch default);
    /// finite and positive. The default is 1; SB3 uses 0.01 for a policy head and 1 for a value head.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> or <paramref name="gain"/> is out of range.</exception>
    public MlpHead(string name, int size, double gain = 1.0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (!(double.IsFinite(gain) && gain > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "gain must be a finite number greater than 0.");
        }

        Name = name;
        Size = size;
        Gain = gain;
    }

    /// <summary>The head's name, unique within its network.</summary>
    public string Name { get; }

    /// <summary>The number of outputs of the head.</summary>
    public int Size { get; }

    /// <summary>The initialization gain of the head's weights.</summary>
    public double Gain { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}[{Size}] (gain {Gain})");
}
