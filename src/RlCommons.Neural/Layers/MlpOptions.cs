using System.Globalization;
using RlCommons.Neural.Activations;
using RlCommons.Neural.Initializers;
using RlCommons.Validation;

namespace RlCommons.Neural.Layers;

/// <summary>The shape and initialization of an <see cref="Mlp"/>.</summary>
public sealed class MlpOptions
{
    /// <summary>The number of inputs; required, at least 1.</summary>
    public int InputSize { get; set; }

    /// <summary>The widths of the hidden layers, in order.</summary>
    /// <value>The default is [64, 64], the SB3 default network.</value>
    public IReadOnlyList<int> HiddenSizes { get; set; } = [64, 64];

    /// <summary>
    /// The number of outputs: required (at least 1) unless <see cref="Heads"/> are declared, in which case it may be
    /// left 0 and is their total size.
    /// </summary>
    public int OutputSize { get; set; }

    /// <summary>
    /// The output layer as named heads, in order (for example PPO's <c>[new MlpHead("logits", 4, gain: 0.01),
    /// new MlpHead("value", 1, gain: 1.0)]</c>); each head's weights are initialized with its own gain, replacing
    /// <see cref="OutputGain"/>. See <see cref="MlpHead"/> for how heads map to the final layer.
    /// </summary>
    /// <value>The default is empty: one head named <c>output</c> of <see cref="OutputSize"/> outputs with <see cref="OutputGain"/>.</value>
    public IReadOnlyList<MlpHead> Heads { get; set; } = [];

    /// <summary>The activation after each hidden layer.</summary>
    /// <value>The default is <see cref="Activation.Relu"/>.</value>
    public Activation Activation { get; set; } = Activation.Relu;

    /// <summary>The activation of the output layer.</summary>
    /// <value>The default is <see cref="Activation.Identity"/>.</value>
    public Activation OutputActivation { get; set; } = Activation.Identity;

    /// <summary>The negative slope of <see cref="Activation.LeakyRelu"/>.</summary>
    /// <value>The default is 0.01, as in PyTorch.</value>
    public float LeakyReluSlope { get; set; } = 0.01f;

    /// <summary>The largest batch a forward or backward pass accepts (buffers are sized for it).</summary>
    /// <value>The default is 256.</value>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>How the layers are initialized.</summary>
    /// <value>The default is <see cref="WeightInitialization.PyTorchDefault"/>.</value>
    public WeightInitialization Initialization { get; set; } = WeightInitialization.PyTorchDefault;

    /// <summary>The gain of the hidden layers for the Xavier, Kaiming and orthogonal initializations.</summary>
    /// <value>The default is √2 (the ReLU gain; SB3 uses it for orthogonal hidden layers).</value>
    public double HiddenGain { get; set; } = Math.Sqrt(2.0);

    /// <summary>The gain of the output layer for the Xavier, Kaiming and orthogonal initializations.</summary>
    /// <value>The default is 1 (SB3 uses 0.01 for a policy head, 1 for a value head).</value>
    public double OutputGain { get; set; } = 1.0;

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem.</summary>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public void Validate()
    {
        var errors = new ValidationErrors();
        errors.Require(InputSize >= 1, nameof(InputSize), string.Create(CultureInfo.InvariantCulture, $"InputSize must be at least 1, was {InputSize}."));
        if (Heads is null || Heads.Any(h => h is null))
        {
            errors.Add(nameof(Heads), "Heads must not be null and must not contain null entries.");
        }
        else if (Heads.Count == 0)
        {
            errors.Require(OutputSize >= 1, nameof(OutputSize), string.Create(CultureInfo.InvariantCulture, $"OutputSize must be at least 1, was {OutputSize}."));
        }
        else
        {
            long total = Heads.Sum(h => (long)h.Size);
            errors.Require(OutputSize == 0 || OutputSize == total, nameof(OutputSize), string.Create(CultureInfo.InvariantCulture, $"OutputSize must be 0 or the heads' total size {total}, was {OutputSize}."));
            string? duplicate = Heads.GroupBy(h => h.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
            errors.Require(duplicate is null, nameof(Heads), $"Head names must be unique; '{duplicate}' appears more than once.");
        }

        errors.Require(HiddenSizes is not null && HiddenSizes.All(h => h >= 1), nameof(HiddenSizes), "HiddenSizes must not be null and every size must be at least 1.");
        errors.Require(Enum.IsDefined(Activation), nameof(Activation), "Activation is not a known activation.");
        errors.Require(Enum.IsDefined(OutputActivation), nameof(OutputActivation), "OutputActivation is not a known activation.");
        errors.RequireInRange(LeakyReluSlope, 0, 1, nameof(LeakyReluSlope));
        errors.Require(MaxBatchSize >= 1, nameof(MaxBatchSize), string.Create(CultureInfo.InvariantCulture, $"MaxBatchSize must be at least 1, was {MaxBatchSize}."));
        errors.Require(Enum.IsDefined(Initialization), nameof(Initialization), "Initialization is not a known scheme.");
        errors.RequirePositive(HiddenGain, nameof(HiddenGain));
        errors.RequirePositive(OutputGain, nameof(OutputGain));
        errors.ThrowIfAny("options");
    }

    /// <summary>The declared heads, or the single implicit <c>output</c> head; call after <see cref="Validate"/>.</summary>
    internal MlpHead[] ResolveHeads() => Heads.Count > 0 ? [.. Heads] : [new MlpHead("output", OutputSize, OutputGain)];
}
