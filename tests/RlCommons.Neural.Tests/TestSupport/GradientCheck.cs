namespace RlCommons.Neural.Tests.TestSupport;

/// <summary>Central finite differences against an analytic gradient.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// Perturbs each of <paramref name="values"/> by ±h, evaluates <paramref name="loss"/> (which must read
    /// the values afresh) and asserts the numerical derivative matches <paramref name="analytic"/>.
    /// </summary>
    public static void Assert(float[] values, ReadOnlySpan<float> analytic, Func<double> loss, string what, float h = 1e-3f, double absolute = 1e-3, double relative = 1e-2)
    {
        Xunit.Assert.Equal(values.Length, analytic.Length);
        for (int i = 0; i < values.Length; i++)
        {
            float original = values[i];
            values[i] = original + h;
            double plus = loss();
            values[i] = original - h;
            double minus = loss();
            values[i] = original;
            double numeric = (plus - minus) / (2.0 * h);
            double error = Math.Abs(numeric - analytic[i]);
            Xunit.Assert.True(error <= absolute + (relative * Math.Abs(numeric)), $"{what}[{i}]: analytic {analytic[i]}, numeric {numeric}.");
        }
    }

    /// <summary>Fills <paramref name="values"/> from U(−scale, scale).</summary>
    public static float[] RandomValues(Random random, int length, double scale = 1.0)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * scale);
        }

        return values;
    }
}
