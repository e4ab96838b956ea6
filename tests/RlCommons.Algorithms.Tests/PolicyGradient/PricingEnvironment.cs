using RlCommons.Environments;
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
/// headline helps segment 1 and hurts segment 0. Optionally masks a price level (the component-mask tests). Built on
/// <see cref="EnvironmentBase"/>, which checks the component values and hands them over as integers.
/// </remarks>
internal sealed class PricingEnvironment : EnvironmentBase, IActionMaskProvider
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

    private readonly int? _maskedPrice;
    private int _segment;

    public PricingEnvironment(int? maskedPrice = null)
        : base(new BoxSpace(0f, 1f, Segments), Actions)
        => _maskedPrice = maskedPrice;

    public static MultiDiscreteSpace Actions { get; } = new(4, 3, 3, 2, 2);

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

    protected override void ResetCore(Span<float> observation) => NextCustomer(observation);

    protected override StepResult StepCore(ReadOnlySpan<int> action, Span<float> observation)
    {
        if (action[0] == _maskedPrice)
        {
            MaskViolations++;
        }

        (double probability, double margin) = Conversion(_segment, action);
        double reward = Random.NextDouble() < probability ? margin / 10.0 : 0.0;
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
        _segment = Random.Next(Segments);
        Features(_segment, observation);
    }
}
