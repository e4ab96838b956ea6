namespace RlCommons.Environments;

/// <summary>
/// An environment (or wrapper) that knows which discrete actions are allowed in its current state. Agents that
/// support masking never choose a masked action and, where they bootstrap, value the next state over its allowed
/// actions only.
/// </summary>
public interface IActionMaskProvider
{
    /// <summary>Writes the allowed actions of the current state: <c>mask[a]</c> is <see langword="true"/> when action <c>a</c> is allowed.</summary>
    /// <param name="mask">Receives one flag per action (index 0 is the action space's first action); at least one must be set. For a
    /// <see cref="Spaces.MultiDiscreteSpace"/>, one flag per component value, the components' flags concatenated in order
    /// (length <see cref="Spaces.Space.FlatDimension"/>), at least one set per component.</param>
    void GetActionMask(Span<bool> mask);
}
