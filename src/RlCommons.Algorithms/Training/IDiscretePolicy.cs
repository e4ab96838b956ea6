namespace RlCommons.Training;

/// <summary>A policy over a discrete action space that maps an observation to an action index.</summary>
public interface IDiscretePolicy
{
    /// <summary>The length of an observation.</summary>
    int ObservationDimension { get; }

    /// <summary>The number of actions.</summary>
    int ActionCount { get; }

    /// <summary>Chooses an action for <paramref name="observation"/>.</summary>
    /// <param name="observation">The observation; its length must be <see cref="ObservationDimension"/>.</param>
    /// <param name="deterministic"><see langword="true"/> for the greedy (most likely) action; <see langword="false"/> to sample or explore as during training.</param>
    /// <returns>The action index in [0, <see cref="ActionCount"/>).</returns>
    int Predict(ReadOnlySpan<float> observation, bool deterministic);
}
