using RlCommons.Algorithms.PolicyGradient;

namespace RlCommons.Algorithms.Tests.Support;

/// <summary>
/// Checks <see cref="ActorCritic.Backward"/> against central finite differences of the loss it differentiates,
/// <c>Σ_r w_r log π(a_r) + c·H_r + v_r V(s_r)</c>, parameter by parameter (step 1e-2, tolerance 2e-3 + 2% relative).
/// </summary>
internal static class ActorCriticGradientCheck
{
    public static void AssertMatchesFiniteDifferences(ActorCritic net, int rows, float[] observations, float[] actions, bool[] masks, float[] weights, float entropyWeight, float[] valueWeights)
    {
        double Loss()
        {
            var logProbabilities = new float[rows];
            var entropies = new float[rows];
            var values = new float[rows];
            net.Evaluate(observations, rows, actions, masks, logProbabilities, entropies, values);
            double loss = 0;
            for (int r = 0; r < rows; r++)
            {
                loss += (weights[r] * (double)logProbabilities[r]) + (entropyWeight * (double)entropies[r]) + (valueWeights[r] * (double)values[r]);
            }

            return loss;
        }

        Loss();
        net.Backward(rows, actions, masks, weights, entropyWeight, valueWeights);
        float[][] analytic = [.. net.Parameters.Select(p => p.Gradients.ToArray())];
        for (int p = 0; p < net.Parameters.Count; p++)
        {
            Span<float> values = net.Parameters[p].Values;
            for (int i = 0; i < values.Length; i++)
            {
                float saved = values[i];
                const float Step = 1e-2f;
                values[i] = saved + Step;
                double up = Loss();
                values[i] = saved - Step;
                double down = Loss();
                values[i] = saved;
                double numeric = (up - down) / (2 * Step);
                Assert.True(Math.Abs(numeric - analytic[p][i]) <= 2e-3 + (2e-2 * Math.Abs(numeric)), $"{net.Parameters[p].Name}[{i}]: analytic {analytic[p][i]}, numeric {numeric}");
            }
        }
    }
}
