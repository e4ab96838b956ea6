using System.Globalization;

namespace RlCommons.Algorithms;

/// <summary>
/// The numeric domain of what the agents of this package learn from: every reward and every feature must lie in
/// [−<see cref="RewardLimit"/>, <see cref="RewardLimit"/>] and [−<see cref="FeatureLimit"/>, <see cref="FeatureLimit"/>].
/// </summary>
/// <remarks>
/// <para>
/// Why 1e15: accepted input must leave every state finite, so that a snapshot of it loads again (the loaders reject
/// non-finite state). The largest accumulations are bounded well inside <see cref="double.MaxValue"/> (≈ 1.8e308):
/// a bandit's reward sum is at most 1e15 · 2⁶³ ≈ 9.2e33 (a count is a <see cref="long"/>); a sum of squared rewards
/// 1e30 · 2⁶³ ≈ 9.2e48; a ridge arm's A = λI + Σ xxᵀ and b = Σ r·x grow by at most 1e30 per update, so ≈ 9.2e48 in
/// total; a tabular value moves by at most α·(|r| + (1 + γ)·max|Q|), so |Q| grows by at most 1e15 per update when
/// α, γ ≤ 1, i.e. ≈ 9.2e33 after 2⁶³ updates. The products the algorithms then form (A⁻¹b, xᵀA⁻¹x, scores) stay
/// far below the overflow threshold (known gap: the linear bandits' incremental inverse A⁻¹ can still lose positive
/// definiteness, and turn non-finite, when features near 1e15 are mixed with ones near 1, since A's condition number then
/// exceeds double precision; the limit does not cover conditioning). 1e15 also keeps integer-valued rewards exact (below 2⁵³ ≈ 9.0e15) and is far
/// beyond any reward a sensible environment emits; rescale inputs that are larger.
/// </para>
/// <para>Values are validated before any state changes; a value outside the domain throws
/// <see cref="ArgumentOutOfRangeException"/> naming the parameter and stating the limit.</para>
/// </remarks>
internal static class NumericDomain
{
    /// <summary>The largest accepted reward magnitude.</summary>
    public const double RewardLimit = 1e15;

    /// <summary>The largest accepted feature (or observation) magnitude.</summary>
    public const float FeatureLimit = 1e15f;

    /// <summary>Whether <paramref name="reward"/> is finite and within ±<see cref="RewardLimit"/>.</summary>
    public static bool IsReward(double reward) => reward >= -RewardLimit && reward <= RewardLimit;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming <paramref name="paramName"/> unless the reward is in the domain.</summary>
    public static void RequireReward(double reward, string paramName)
    {
        if (!IsReward(reward))
        {
            throw new ArgumentOutOfRangeException(paramName, reward, string.Create(CultureInfo.InvariantCulture,
                $"{paramName} must be finite and within ±{RewardLimit:E0}, was {reward}."));
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming <paramref name="paramName"/> unless every feature is in the domain.</summary>
    public static void RequireFeatures(ReadOnlySpan<float> features, string paramName)
    {
        for (int i = 0; i < features.Length; i++)
        {
            float f = features[i];
            if (!(f >= -FeatureLimit && f <= FeatureLimit))
            {
                throw new ArgumentOutOfRangeException(paramName, f, string.Create(CultureInfo.InvariantCulture,
                    $"{paramName}[{i}] is {f}; features must be finite and within ±{FeatureLimit:E0}."));
            }
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> (the environment, not the caller, produced the value) unless
    /// <paramref name="reward"/> is within ±<see cref="RewardLimit"/>; checked before the step is stored, so that the
    /// reward's conversion to <see cref="float"/> is finite and a non-finite value never reaches the buffers or weights.
    /// </summary>
    public static void RequireEnvironmentReward(double reward, int environment, long step)
    {
        if (!IsReward(reward))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Environment {environment} returned the reward {reward} at step {step}; rewards must be finite and within ±{RewardLimit:E0}."));
        }
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> unless every value of the environment's observation is within ±<see cref="FeatureLimit"/>.</summary>
    public static void RequireEnvironmentObservation(ReadOnlySpan<float> observation, int environment, long step)
    {
        for (int i = 0; i < observation.Length; i++)
        {
            float f = observation[i];
            if (!(f >= -FeatureLimit && f <= FeatureLimit))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Environment {environment} returned an observation with [{i}] = {f} at step {step}; observations must be finite and within ±{FeatureLimit:E0}."));
            }
        }
    }
}
