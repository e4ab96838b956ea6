namespace RlCommons.Algorithms.Hierarchical;

/// <summary>How the tabular hierarchical agents read a state from <see cref="RlCommons.Policies.IPolicy"/> features: one value, the state's index.</summary>
internal static class StateFeature
{
    /// <summary>Returns the state whose index <paramref name="value"/> is; throws an <see cref="ArgumentException"/> naming <paramref name="paramName"/> unless it is an integer in [0, <paramref name="stateCount"/>).</summary>
    public static int Read(float value, int stateCount, string paramName)
    {
        if (!(value >= 0 && value < stateCount && value == MathF.Floor(value)))
        {
            throw new ArgumentException($"{paramName} must hold a state index, an integer in [0, {stateCount}); was {value}.", paramName);
        }

        return (int)value;
    }

    /// <summary>Reads the one feature of a tabular agent: <paramref name="features"/> must hold exactly one value, a state index.</summary>
    public static int Read(ReadOnlySpan<float> features, int stateCount, string paramName)
    {
        if (features.Length != 1)
        {
            throw new ArgumentException($"{paramName} must hold 1 value (the state index), has {features.Length}.", paramName);
        }

        return Read(features[0], stateCount, paramName);
    }
}
