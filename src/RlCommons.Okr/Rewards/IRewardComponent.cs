namespace RlCommons.Okr.Rewards;

/// <summary>
/// An extra, named part of an <see cref="OkrReward"/> beyond the key results, constraints and exploration bonus
/// (for example a domain bonus read from a CRM). Its value is added with weight 1 and appears in the breakdown
/// under its <see cref="Name"/>.
/// </summary>
/// <remarks>Implementations must be thread-safe when the reward is used from several threads.</remarks>
public interface IRewardComponent
{
    /// <summary>Gets the component's name, unique within one reward.</summary>
    string Name { get; }

    /// <summary>Computes the component's value for a transition; must be finite.</summary>
    /// <param name="transition">The step.</param>
    /// <returns>The value added to the reward.</returns>
    double Compute(in OkrTransition transition);
}
