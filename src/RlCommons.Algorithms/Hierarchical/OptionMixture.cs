using System.Numerics;
using RlCommons.Algorithms.Policies;
using RlCommons.Policies;

namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// The distribution over primitive actions of agents that run deterministic <see cref="Option"/>s
/// (<see cref="OptionValueAgent"/>, <see cref="NeuralSmdpQLearningAgent"/>): the running option goes on with
/// probability 1 − β(s) and takes its action; otherwise an option is chosen ε-greedily among those that can start in s
/// and takes its action.
/// </summary>
internal static class OptionMixture
{
    /// <summary>
    /// Clears <paramref name="probabilities"/>, puts 1 − β(s) on the running option's action, and returns the weight left
    /// for a new choice: β(s) clamped to [0, 1] as the agents draw it (β ≥ 1 always ends, β ≤ 0 never), or 1 when no
    /// option runs (<paramref name="running"/> is −1).
    /// </summary>
    public static double Continue(ReadOnlySpan<Option> options, int running, int state, Span<double> probabilities)
    {
        probabilities.Clear();
        if (running < 0)
        {
            return 1;
        }

        double choose = Math.Clamp(options[running].TerminationAt(state), 0.0, 1.0);
        if (choose < 1)
        {
            // Where the option surely ends (β = 1) its policy may name no action.
            probabilities[options[running].ActionAt(state)] += 1 - choose;
        }

        return choose;
    }

    /// <summary>
    /// Adds <paramref name="weight"/> · Σ_o c(o | s)·[π_o(s) = a], with c the ε-greedy choice on <paramref name="scores"/>
    /// among the options that can start in <paramref name="state"/> (ties uniform).
    /// </summary>
    public static void AddChoice<T>(ReadOnlySpan<Option> options, int state, ReadOnlySpan<T> scores, double epsilon, double weight, Span<bool> available, Span<double> choice, Span<double> probabilities)
        where T : INumber<T>
    {
        for (int o = 0; o < options.Length; o++)
        {
            available[o] = options[o].CanStart(state);
        }

        DiscreteDistribution.EpsilonGreedy(scores, available, epsilon, choice);
        for (int o = 0; o < options.Length; o++)
        {
            if (choice[o] > 0)
            {
                probabilities[options[o].ActionAt(state)] += weight * choice[o];
            }
        }
    }
}
