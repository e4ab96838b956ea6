namespace RlCommons.Training;

/// <summary>A policy over a continuous (box) action space that maps an observation to an action vector.</summary>
public interface IContinuousPolicy
{
    /// <summary>The length of an observation.</summary>
    int ObservationDimension { get; }

    /// <summary>The length of an action vector.</summary>
    int ActionDimension { get; }

    /// <summary>Writes the action for <paramref name="observation"/> into <paramref name="action"/>, in the environment's action bounds.</summary>
    /// <param name="observation">The observation; its length must be <see cref="ObservationDimension"/>.</param>
    /// <param name="action">Receives the action; its length must be <see cref="ActionDimension"/>.</param>
    /// <param name="deterministic"><see langword="true"/> for the mean (greedy) action; <see langword="false"/> to sample as during training.</param>
    void Predict(ReadOnlySpan<float> observation, Span<float> action, bool deterministic);
}
