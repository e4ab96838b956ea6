namespace RlCommons.Environments.ClassicControl;

/// <summary>Helpers shared by the classic-control tasks.</summary>
internal static class ClassicControlState
{
    /// <summary>A uniform draw in [low, high), as NumPy's <c>uniform</c>.</summary>
    public static double Uniform(Random random, double low, double high) => low + ((high - low) * random.NextDouble());

    public static void RequireLength(ReadOnlySpan<double> state, int expected, string paramName)
    {
        if (state.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} state values, got {state.Length}.", paramName);
        }
    }
}
