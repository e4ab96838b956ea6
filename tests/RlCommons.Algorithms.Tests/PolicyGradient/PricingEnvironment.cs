using RlCommons.Environments;
using RlCommons.Randomness;
using RlCommons.Spaces;

namespace RlCommons.Algorithms.Tests.PolicyGradient;

/// <summary>
/// A one-step pricing scenario with a composite discrete action, MultiDiscrete(4, 3, 3, 2, 2): price level
/// (20, 25, 30, 35), discount (0, 10 %, 20 %), trial days (0, 7, 14), headline (A, B) and call to action (A, B). The
/// context is the customer's segment (one-hot of 3, drawn uniformly at each reset); the customer converts with a
/// logistic demand σ(a_s − b_s·price + t_s·trial days + headline_s + 0.1·CTA B), and the reward is the profit
/// (effective price − unit cost 8 − 0.2·trial days) of a conversion, 0 otherwise, divided by 10.
/// </summary>
/// <remarks>
/// The segments differ: the price-sensitive one (0) prefers price 25 with a 14-day trial, the others price 35; the
/// headline helps segment 1 and hurts segment 0. Optionally masks a price level (the component-mask tests).
/// </remarks>
internal sealed class PricingEnvironment : IEnvironment, IActionMaskProvider
{
    public const int Segments = 3;

    private static readonly float[] Prices = [20f, 25f, 30f, 35f];
    private static readonly float[] Discounts = [0f, 0.1f, 0.2f];
    private static readonly int[] TrialDays = [0, 7, 14];
    private static readonly (double A, double B, double Trial, double HeadlineA, double HeadlineB)[] Demand =
    [
        (3.2, 0.16, 0.06, -0.1, 0.0),
        (1.6, 0.06, 0.02, 0.0, 0.25),
        (0.6, 0.02, 0.0, 0.15, 0.0),
    ];

    private readonly Xoshiro256Random _random = new(0);
    private readonly int? _maskedPrice;
    private int _segment = -1;

    public PricingEnvironment(int? maskedPrice = null) => _maskedPrice = maskedPrice;

    public static MultiDiscreteSpace Actions { get; } = new(4, 3, 3, 2, 2);

    public Space ObservationSpace { get; } = new BoxSpace(0f, 1f, Segments);

    public Space ActionSpace => Actions;

    /// <summary>The number of steps that sent a masked price level.</summary>
    public int MaskViolations { get; private set; }

    /// <summary>The expected reward of <paramref name="components"/> for a customer of <paramref name="segment"/>.</summary>
    public static double ExpectedReward(int segment, ReadOnlySpan<int> components)
    {
        (double probability, double margin) = Conversion(segment, components);
        return probability * margin / 10.0;
    }

    /// <summary>Writes the one-hot context of <paramref name="segment"/>.</summary>
    public static void Features(int segment, Span<float> features)
    {
        features.Clear();
        features[segment] = 1f;
    }

    public void Reset(long? seed, Span<float> observation)
    {
        if (seed is { } s)
        {
            _random.Reseed(unchecked((ulong)s));
        }

        NextCustomer(observation);
    }

    public StepResult Step(int action, Span<float> observation) => throw new NotSupportedException("The action space is multi-discrete: step with the component values.");

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (_segment < 0)
        {
            throw new InvalidOperationException("Reset first.");
        }

        Span<int> components = stackalloc int[5];
        for (int i = 0; i < components.Length; i++)
        {
            components[i] = (int)action[i];
            if (components[i] != action[i])
            {
                throw new ArgumentException($"action[{i}] = {action[i]} is not an integer.", nameof(action));
            }
        }

        Actions.Validate(components, nameof(action));
        if (components[0] == _maskedPrice)
        {
            MaskViolations++;
        }

        (double probability, double margin) = Conversion(_segment, components);
        double reward = _random.NextDouble() < probability ? margin / 10.0 : 0.0;
        NextCustomer(observation);
        return new StepResult(reward, Terminated: true, Truncated: false);
    }

    public void GetActionMask(Span<bool> mask)
    {
        mask.Fill(true);
        if (_maskedPrice is { } price)
        {
            mask[price] = false;
        }
    }

    private static (double Probability, double Margin) Conversion(int segment, ReadOnlySpan<int> c)
    {
        var d = Demand[segment];
        double price = Prices[c[0]] * (1.0 - Discounts[c[1]]);
        double days = TrialDays[c[2]];
        double z = d.A - (d.B * price) + (d.Trial * days) + (c[3] == 0 ? d.HeadlineA : d.HeadlineB) + (c[4] == 1 ? 0.1 : 0.0);
        return (1.0 / (1.0 + Math.Exp(-z)), price - 8.0 - (0.2 * days));
    }

    private void NextCustomer(Span<float> observation)
    {
        _segment = _random.Next(Segments);
        Features(_segment, observation);
    }
}
