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

    /// <summary>The number of outputs; required, at least 1.</summary>
    public int OutputSize { get; set; }

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
        errors.Require(OutputSize >= 1, nameof(OutputSize), string.Create(CultureInfo.InvariantCulture, $"OutputSize must be at least 1, was {OutputSize}."));
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
}
