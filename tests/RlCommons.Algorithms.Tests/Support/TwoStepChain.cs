using RlCommons.Environments;
using RlCommons.Spaces;

namespace RlCommons.Algorithms.Tests.Support;

/// <summary>
/// A deterministic two-state episode with known optimal Q-values: in state 0 action a pays <see cref="FirstRewards"/>[a]
/// and moves to state 1; in state 1 action a pays <see cref="SecondRewards"/>[a] and ends the episode. Observations
/// are one-hot. With <c>maskFirstActionLate</c>, action 0 is not allowed in state 1.
/// </summary>
internal sealed class TwoStepChain(bool maskFirstActionLate = false) : EnvironmentBase(new BoxSpace(0f, 1f, 2), new DiscreteSpace(3)), IActionMaskProvider
{
    public static readonly double[] FirstRewards = [0, 0.5, 0.2];
    public static readonly double[] SecondRewards = [1, 0, 0.3];

    private int _state;

    public int MaskedActionsTaken { get; private set; }

    /// <summary>Q*(state, action) under discount <paramref name="gamma"/>.</summary>
    public double OptimalQ(int state, int action, double gamma)
    {
        double bestLate = maskFirstActionLate ? Math.Max(SecondRewards[1], SecondRewards[2]) : SecondRewards.Max();
        return state == 1 ? SecondRewards[action] : FirstRewards[action] + (gamma * bestLate);
    }

    public static float[] Observation(int state) => state == 0 ? [1f, 0f] : [0f, 1f];

    public void GetActionMask(Span<bool> mask)
    {
        mask.Fill(true);
        if (maskFirstActionLate && _state == 1)
        {
            mask[0] = false;
        }
    }

    protected override void ResetCore(Span<float> observation)
    {
        _state = 0;
        Observation(0).CopyTo(observation);
    }

    protected override StepResult StepCore(int action, Span<float> observation)
    {
        if (_state == 0)
        {
            _state = 1;
            Observation(1).CopyTo(observation);
            return new StepResult(FirstRewards[action], Terminated: false, Truncated: false);
        }

        if (maskFirstActionLate && action == 0)
        {
            MaskedActionsTaken++;
        }

        _state = 0;
        Observation(0).CopyTo(observation);
        return new StepResult(SecondRewards[action], Terminated: true, Truncated: false);
    }
}
