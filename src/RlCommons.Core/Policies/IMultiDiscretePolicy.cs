using RlCommons.Spaces;

namespace RlCommons.Policies;

/// <summary>
/// A policy over composite discrete actions (one value per component, such as price level × discount × layout): its
/// action indices are the joint indices of <see cref="ActionSpace"/> (<see cref="MultiDiscreteSpace.ToJointIndex"/>),
/// and a decision point records each component's value with the decision.
/// </summary>
public interface IMultiDiscretePolicy : IPolicy
{
    /// <summary>The space of the composite actions; <see cref="IPolicy.ActionCount"/> is its <see cref="MultiDiscreteSpace.JointCount"/>.</summary>
    MultiDiscreteSpace ActionSpace { get; }
}
