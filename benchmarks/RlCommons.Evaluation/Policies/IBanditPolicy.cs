namespace RlCommons.Evaluation.Policies;

/// <summary>One policy under evaluation, seen through the two calls progressive validation makes.</summary>
internal interface IBanditPolicy
{
    /// <summary>Chooses an arm for the context <paramref name="features"/> (context-free policies ignore it).</summary>
    int Choose(ReadOnlySpan<float> features);

    /// <summary>Learns <paramref name="reward"/> for <paramref name="arm"/>, the arm the last <see cref="Choose"/> returned.</summary>
    void Learn(ReadOnlySpan<float> features, int arm, double reward);
}
