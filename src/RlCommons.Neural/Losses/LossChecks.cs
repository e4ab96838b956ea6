namespace RlCommons.Neural.Losses;

/// <summary>Argument checks shared by the losses.</summary>
internal static class LossChecks
{
    public static void Lengths(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient)
    {
        if (prediction.IsEmpty)
        {
            throw new ArgumentException("prediction must not be empty.", nameof(prediction));
        }

        if (target.Length != prediction.Length)
        {
            throw new ArgumentException($"target must hold {prediction.Length} values like prediction, has {target.Length}.", nameof(target));
        }

        if (gradient.Length != prediction.Length)
        {
            throw new ArgumentException($"gradient must hold {prediction.Length} values like prediction, has {gradient.Length}.", nameof(gradient));
        }
    }

    // Called only when the loss came out non-finite, so the common path pays nothing for the scan.
    public static void Finite(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target)
    {
        for (int i = 0; i < target.Length; i++)
        {
            if (!float.IsFinite(target[i]))
            {
                throw new ArgumentException($"target[{i}] is {target[i]}; the loss needs finite targets.", nameof(target));
            }
        }

        for (int i = 0; i < prediction.Length; i++)
        {
            if (!float.IsFinite(prediction[i]))
            {
                throw new ArgumentException($"prediction[{i}] is {prediction[i]}; the loss needs finite predictions.", nameof(prediction));
            }
        }
    }
}
