namespace RlCommons.Algorithms.Internal;

/// <summary>The input checks the agents share.</summary>
internal static class VectorChecks
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="paramName"/> unless <paramref name="values"/> holds <paramref name="length"/> finite values.</summary>
    public static void RequireFinite(ReadOnlySpan<float> values, int length, string paramName)
    {
        if (values.Length != length)
        {
            throw new ArgumentException($"{paramName} must hold {length} values, has {values.Length}.", paramName);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"{paramName}[{i}] is {values[i]}; every value must be finite.", paramName);
            }
        }
    }
}
