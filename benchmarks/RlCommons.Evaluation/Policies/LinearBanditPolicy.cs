using RlCommons.Algorithms.Contextual;

namespace RlCommons.Evaluation.Policies;

/// <summary>A linear contextual bandit (LinUCB, linear Thompson sampling, linear ε-greedy) as an evaluated policy.</summary>
internal sealed class LinearBanditPolicy(LinearBandit bandit) : IBanditPolicy
{
    public int Choose(ReadOnlySpan<float> features) => bandit.Decide(features).Action;

    public void Learn(ReadOnlySpan<float> features, int arm, double reward) => bandit.Update(arm, features, reward);
}
