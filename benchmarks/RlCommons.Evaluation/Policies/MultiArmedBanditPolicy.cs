using RlCommons.Algorithms.Bandits;

namespace RlCommons.Evaluation.Policies;

/// <summary>A context-free bandit as an evaluated policy: it ignores the features.</summary>
internal sealed class MultiArmedBanditPolicy(MultiArmedBandit bandit) : IBanditPolicy
{
    private Decision _last;

    public int Choose(ReadOnlySpan<float> features)
    {
        _last = bandit.Decide();
        return _last.Action;
    }

    // Learning through the decision hands EXP3 the propensity it acted with (its unbiased importance weight).
    public void Learn(ReadOnlySpan<float> features, int arm, double reward)
    {
        if (arm != _last.Action)
        {
            throw new InvalidOperationException($"Learn got arm {arm}, but the last decision chose arm {_last.Action}.");
        }

        bandit.Update(in _last, reward);
    }
}
