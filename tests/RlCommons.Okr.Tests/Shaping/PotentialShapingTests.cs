using RlCommons.Okr.Dsl;
using RlCommons.Okr.Rewards;
using RlCommons.Okr.Shaping;
using RlCommons.Okr.Tests.TestSupport;

namespace RlCommons.Okr.Tests.Shaping;

/// <summary>
/// A four-state chain MDP solved exactly by value iteration. State s has the metric "deals" = 10·s (target 30, so
/// Φ(s) = s/3); state 3 is terminal. Action 0 advances (reward −1, or +1 on the step that reaches 3), action 1 stays (reward 0).
/// </summary>
public class PotentialShapingTests
{
    private const double Gamma = 0.9;
    private const int States = 4;
    private const int Terminal = 3;

    private static readonly Okr Deals = Okr.Create("deals").WithObjective("Close deals").WithKeyResult("deals", 30, Direction.Maximize).Build();

    [Fact]
    public void PotentialShaping_SmallMdp_LeavesTheOptimalPolicyUnchangedAndShiftsQByPhi()
    {
        var reward = new OkrReward(Deals, new OkrRewardOptions { PotentialShaping = true, Gamma = Gamma, ExplorationScale = 0 });
        double[,] q = Solve((s, a, next) => BaseReward(s, a));
        double[,] shaped = Solve((s, a, next) => BaseReward(s, a)
            + reward.Compute(Metrics(s), Metrics(next), terminal: next == Terminal)["shaping"].Contribution);

        Assert.Equal(Greedy(q), Greedy(shaped));
        for (int s = 0; s < Terminal; s++)
        {
            for (int a = 0; a < 2; a++)
            {
                // Ng et al. (1999), Theorem 1: Q′(s, a) = Q(s, a) − Φ(s).
                Assert.Equal(q[s, a] - (s / 3.0), shaped[s, a], 10);
            }
        }
    }

    [Fact]
    public void PotentialShaping_SmallMdp_UnshapedOptimumIsTheHandSolvedOne()
    {
        double[,] q = Solve((s, a, next) => BaseReward(s, a));

        // V(2) = max(−1 + 2, 0) = 1; Q(1, advance) = −1 + 0.9 = −0.1 < 0 so V(1) = 0; V(0) = 0.
        Assert.Equal([1, 1, 0], Greedy(q));
        Assert.Equal(1.0, q[2, 0], 12);
        Assert.Equal(-0.1, q[1, 0], 12);
        Assert.Equal(-1.0, q[0, 0], 12);
    }

    [Fact]
    public void NaiveProgressBonus_SmallMdp_ChangesTheOptimalPolicy()
    {
        // The control: rewarding Φ(s′) itself (not its discounted difference) makes loitering in state 2 pay,
        // which shows the invariance test above can fail.
        double[,] q = Solve((s, a, next) => BaseReward(s, a) + (next == Terminal ? 0 : Deals.Evaluate(Metrics(next)).Overall));

        Assert.NotEqual(Greedy(Solve((s, a, next) => BaseReward(s, a))), Greedy(q));
    }

    private static double BaseReward(int s, int a) => a == 0 ? (s + 1 == Terminal ? 1.0 : -1.0) : 0.0;

    private static int Next(int s, int a) => a == 0 ? s + 1 : s;

    private static Dictionary<string, double> Metrics(int s) => M.Of(("deals", 10.0 * s));

    private static double[,] Solve(Func<int, int, int, double> reward)
    {
        var q = new double[States, 2];
        var r = new double[States, 2];
        for (int s = 0; s < Terminal; s++)
        {
            for (int a = 0; a < 2; a++)
            {
                r[s, a] = reward(s, a, Next(s, a));
            }
        }

        for (int iteration = 0; iteration < 100_000; iteration++)
        {
            double change = 0;
            for (int s = 0; s < Terminal; s++)
            {
                for (int a = 0; a < 2; a++)
                {
                    int next = Next(s, a);
                    double value = r[s, a] + (next == Terminal ? 0 : Gamma * Math.Max(q[next, 0], q[next, 1]));
                    change = Math.Max(change, Math.Abs(value - q[s, a]));
                    q[s, a] = value;
                }
            }

            if (change < 1e-14)
            {
                return q;
            }
        }

        throw new InvalidOperationException("Value iteration did not converge.");
    }

    private static int[] Greedy(double[,] q)
        => [.. Enumerable.Range(0, Terminal).Select(s => q[s, 0] >= q[s, 1] ? 0 : 1)];
}
