using RlCommons.Algorithms.Hierarchical;
using RlCommons.Neural.Layers;
using RlCommons.Randomness;

namespace RlCommons.Algorithms.Tests.Hierarchical;

/// <summary>The output gradient of one neural Option-Critic step against hand-computed values (2 options, 2 actions).</summary>
public sealed class NeuralOptionCriticGradientTests
{
    // Layout of a row: q[0..1], termination[2..3], policy ω0 [4..5], policy ω1 [6..7].
    // Row s:  Q_Ω = (0.2, 0.4); π(· | s, ω1) = softmax(ln 3, 0) = (0.75, 0.25).
    // Row s′: Q_Ω = (1.0, 0.6), so V_Ω(s′) = 1; termination logit of ω1 is 0, so β(s′, ω1) = 0.5.
    private static readonly float[] Outputs =
    [
        0.2f, 0.4f, 0f, 0f, 0f, 0f, MathF.Log(3f), 0f,
        1.0f, 0.6f, 0f, 0f, 0f, 0f, 0f, 0f,
    ];

    private static Mlp Network() => new(
        new MlpOptions
        {
            InputSize = 1,
            HiddenSizes = [2],
            Heads = [new MlpHead(NeuralOptionCriticAgent.QHead, 2), new MlpHead(NeuralOptionCriticAgent.TerminationHead, 2), new MlpHead(NeuralOptionCriticAgent.PolicyHead, 4)],
            MaxBatchSize = 2,
        },
        new Xoshiro256Random(0));

    [Fact]
    public void WriteGradient_NonTerminal_CriticPolicyAndTerminationSlices()
    {
        // ω = 1, a = 0, r = 0.5, γ = 0.9, ξ = 0.01, η = 0.
        // U = 0.5·0.6 + 0.5·1.0 = 0.8; g = 0.5 + 0.9·0.8 = 1.22.
        // Critic: 0.4 − 1.22 = −0.82. Policy: −(g − Q)(e_a − π) = −0.82·(0.25, −0.25) = (−0.205, 0.205).
        // Termination at s′: β(1 − β)(Q(s′, ω1) − V(s′) + ξ) = 0.25·(0.6 − 1 + 0.01) = −0.0975.
        var gradient = new float[16];
        double target = NeuralOptionCriticAgent.WriteGradient(Network(), Outputs, option: 1, action: 0, reward: 0.5, terminal: false, gamma: 0.9, regularizer: 0.01, entropyCoefficient: 0, gradient);

        float[] expected = new float[16];
        expected[1] = -0.82f;
        expected[6] = -0.205f;
        expected[7] = 0.205f;
        expected[8 + 3] = -0.0975f;
        Assert.Equal(1.22, target, 6);
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(expected[i], gradient[i], 5);
        }
    }

    [Fact]
    public void WriteGradient_Terminal_NoBootstrapAndNoTerminationGradient()
    {
        // g = r = 0.5; critic 0.4 − 0.5 = −0.1; policy −0.1·(0.25, −0.25); nothing at s′.
        var gradient = new float[16];
        gradient.AsSpan().Fill(7f);
        double target = NeuralOptionCriticAgent.WriteGradient(Network(), Outputs, option: 1, action: 0, reward: 0.5, terminal: true, gamma: 0.9, regularizer: 0.01, entropyCoefficient: 0, gradient);

        float[] expected = new float[16];
        expected[1] = -0.1f;
        expected[6] = -0.025f;
        expected[7] = 0.025f;
        Assert.Equal(0.5, target, 12);
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(expected[i], gradient[i], 5);
        }
    }

    [Fact]
    public void WriteGradient_Entropy_AddsMinusEtaTimesTheEntropyGradient()
    {
        // With η = 0.1 the policy slice gains −η ∂H/∂z = η π_j (log π_j + H), H = −0.75 ln 0.75 − 0.25 ln 0.25.
        var gradient = new float[16];
        NeuralOptionCriticAgent.WriteGradient(Network(), Outputs, option: 1, action: 0, reward: 0.5, terminal: true, gamma: 0.9, regularizer: 0, entropyCoefficient: 0.1, gradient);

        double h = -((0.75 * Math.Log(0.75)) + (0.25 * Math.Log(0.25)));
        Assert.Equal(-0.025 + (0.1 * 0.75 * (Math.Log(0.75) + h)), gradient[6], 5);
        Assert.Equal(0.025 + (0.1 * 0.25 * (Math.Log(0.25) + h)), gradient[7], 5);
    }
}
