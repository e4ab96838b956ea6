using RlCommons.Evaluation.Data;
using RlCommons.Evaluation.Policies;

namespace RlCommons.Evaluation.Protocol;

/// <summary>
/// Progressive validation of a bandit policy on a labelled data set (the supervised-to-bandit conversion):
/// for each row in the pass's order the policy chooses an arm from the features, earns 1 when the arm is the
/// label and 0 otherwise, and only then learns that reward for the chosen arm alone. Every decision is thus
/// scored before its row is learned, and the mean reward is an honest online accuracy.
/// </summary>
internal static class ProgressiveValidation
{
    /// <summary>Runs <paramref name="passes"/> passes, each over a fresh shuffle of the rows (see <see cref="RowOrder"/>).</summary>
    /// <param name="data">The prepared data.</param>
    /// <param name="policy">A policy with <see cref="BanditDataset.ArmCount"/> arms and <see cref="BanditDataset.Dimension"/> features.</param>
    /// <param name="passes">At least 1.</param>
    /// <param name="seed">The run seed that fixes the row orders.</param>
    /// <returns>The number of decisions and rewards.</returns>
    public static ProgressiveValidationResult Run(BanditDataset data, IBanditPolicy policy, int passes, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        var order = new int[data.RowCount];
        long rewards = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            RowOrder.Fill(order, seed, pass);
            foreach (int row in order)
            {
                ReadOnlySpan<float> x = data.Features(row);
                int arm = policy.Choose(x);
                double reward = arm == data.Label(row) ? 1.0 : 0.0;
                rewards += (long)reward;
                policy.Learn(x, arm, reward);
            }
        }

        return new ProgressiveValidationResult((long)data.RowCount * passes, rewards);
    }
}
