using System.Globalization;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// A Markov option ⟨I, π, β⟩ over a finite state space (Sutton, Precup &amp; Singh, <i>Between MDPs and semi-MDPs</i>,
/// Artificial Intelligence 112, 1999): it may start in the states of its initiation set I, then takes the action
/// π(s) in every state it visits, and on arriving in a state s′ terminates with probability β(s′).
/// A primitive action is the one-step option that can start anywhere, takes that action and always terminates.
/// </summary>
/// <remarks>Immutable (the tables are copied), so one instance can be shared by agents and threads.</remarks>
public sealed class Option
{
    private readonly bool[] _initiation;
    private readonly int[] _policy;
    private readonly double[] _termination;

    private Option(string name, bool[] initiation, int[] policy, double[] termination, int primitiveAction)
    {
        Name = name;
        _initiation = initiation;
        _policy = policy;
        _termination = termination;
        PrimitiveAction = primitiveAction;
    }

    /// <summary>Gets the option's name (for logs and reports).</summary>
    public string Name { get; }

    /// <summary>Gets the number of states the tables cover.</summary>
    public int StateCount => _policy.Length;

    /// <summary>Gets the action of a primitive one-step option, or −1 for a temporally extended one.</summary>
    public int PrimitiveAction { get; }

    /// <summary>Gets whether this is a primitive action wrapped as a one-step option.</summary>
    public bool IsPrimitive => PrimitiveAction >= 0;

    /// <summary>
    /// Creates an option from its tables. Wherever the option can start or continue (in I, or where β &lt; 1) its
    /// policy must name an action; elsewhere it may be −1 (never acted on).
    /// </summary>
    /// <param name="name">A name; not empty.</param>
    /// <param name="initiation">The initiation set I: for each state, whether the option can start there; at least one <see langword="true"/>.</param>
    /// <param name="policy">The intra-option policy π: for each state the action, at least 0, or −1 where the option never acts.</param>
    /// <param name="termination">The termination condition β: for each state the probability, in [0, 1], of terminating on arrival there.</param>
    /// <returns>The option.</returns>
    /// <exception cref="ArgumentException">The tables are empty, differ in length or are inconsistent; the message lists every problem.</exception>
    public static Option Create(string name, IReadOnlyList<bool> initiation, IReadOnlyList<int> policy, IReadOnlyList<double> termination)
    {
        ArgumentNullException.ThrowIfNull(initiation);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(termination);
        var errors = new ValidationErrors();
        errors.Require(!string.IsNullOrWhiteSpace(name), nameof(name), "name must not be empty.");
        errors.Require(policy.Count > 0, nameof(policy), "policy must cover at least one state.");
        errors.Require(initiation.Count == policy.Count, nameof(initiation), $"initiation has {initiation.Count} entries and policy {policy.Count}; they must match.");
        errors.Require(termination.Count == policy.Count, nameof(termination), $"termination has {termination.Count} entries and policy {policy.Count}; they must match.");
        errors.Require(initiation.Contains(true), nameof(initiation), "The initiation set is empty: the option could never start.");
        int n = Math.Min(policy.Count, Math.Min(initiation.Count, termination.Count));
        for (int s = 0; s < n; s++)
        {
            errors.Require(policy[s] >= -1, nameof(policy), $"policy[{s}] must be an action (≥ 0) or −1, was {policy[s]}.");
            errors.Require(double.IsFinite(termination[s]) && termination[s] >= 0 && termination[s] <= 1, nameof(termination),
                string.Create(CultureInfo.InvariantCulture, $"termination[{s}] must be a probability in [0, 1], was {termination[s]}."));
            bool acts = initiation[s] || termination[s] < 1;
            errors.Require(!acts || policy[s] >= 0, nameof(policy), $"policy[{s}] is −1 but the option can start or continue in state {s}.");
        }

        errors.ThrowIfAny("arguments");
        return new Option(name, [.. initiation], [.. policy], [.. termination], -1);
    }

    /// <summary>Creates the one-step option of a primitive action: I is every state, π(s) = <paramref name="action"/>, β ≡ 1.</summary>
    /// <param name="action">The action, at least 0.</param>
    /// <param name="stateCount">The number of states, at least 1.</param>
    /// <returns>The option, named <c>"action {action}"</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The action is negative or the state count is less than 1.</exception>
    public static Option Primitive(int action, int stateCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(stateCount, 1);
        var initiation = new bool[stateCount];
        var policy = new int[stateCount];
        var termination = new double[stateCount];
        initiation.AsSpan().Fill(true);
        policy.AsSpan().Fill(action);
        termination.AsSpan().Fill(1.0);
        return new Option(string.Create(CultureInfo.InvariantCulture, $"action {action}"), initiation, policy, termination, action);
    }

    /// <summary>Creates the one-step options of actions 0 to <paramref name="actionCount"/> − 1.</summary>
    /// <param name="actionCount">The number of actions, at least 1.</param>
    /// <param name="stateCount">The number of states, at least 1.</param>
    /// <returns>The options, in action order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is less than 1.</exception>
    public static IReadOnlyList<Option> Primitives(int actionCount, int stateCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        return [.. Enumerable.Range(0, actionCount).Select(a => Primitive(a, stateCount))];
    }

    /// <summary>Returns whether the option can start in <paramref name="state"/> (s ∈ I).</summary>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <returns><see langword="true"/> when the option is available there.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state is out of range.</exception>
    public bool CanStart(int state) => _initiation[Require(state)];

    /// <summary>Returns the action π(<paramref name="state"/>), or −1 where the option never acts.</summary>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <returns>The action or −1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state is out of range.</exception>
    public int ActionAt(int state) => _policy[Require(state)];

    /// <summary>Returns β(<paramref name="state"/>), the probability of terminating on arrival in the state.</summary>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <returns>A probability in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state is out of range.</exception>
    public double TerminationAt(int state) => _termination[Require(state)];

    /// <inheritdoc />
    public override string ToString() => Name;

    private int Require(int state)
    {
        if ((uint)state >= (uint)_policy.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, $"state must be in [0, {_policy.Length}), was {state}.");
        }

        return state;
    }
}
