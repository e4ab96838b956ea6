using RlCommons.Algorithms.Internal;

namespace RlCommons.Algorithms.Offline;

/// <summary>
/// K-fold cross-validated squared error of ridge regressions for several λ at once: row i is in fold i mod F, and
/// for every fold f the model θ = (λI + Σ_{i∉f} x_i x_iᵀ)⁻¹ Σ_{i∉f} x_i y_iᵀ (one column per target) predicts the
/// rows of fold f. The Gram matrices are accumulated once; each (λ, fold) costs one Cholesky factorization.
/// </summary>
internal static class RidgeCrossValidation
{
    /// <summary>
    /// Adds to <paramref name="errors"/>[c] the held-out squared error Σ_f Σ_{i∈f} Σ_j (y_ij − θ_j^{(−f)}ᵀ x_i)² of
    /// λ = <paramref name="lambdas"/>[c], over the rows whose <paramref name="include"/> is true (all rows when null).
    /// </summary>
    /// <param name="features">Row i's features (each <paramref name="dimension"/> long).</param>
    /// <param name="targets">Row-major n × <paramref name="targetCount"/> targets.</param>
    /// <param name="targetCount">The targets per row (regressions sharing the features).</param>
    /// <param name="dimension">The feature dimension d.</param>
    /// <param name="folds">The number of folds F ≥ 2.</param>
    /// <param name="lambdas">The candidate ridge penalties, each positive.</param>
    /// <param name="include">Which rows take part (their fold is still their index mod F).</param>
    /// <param name="errors">One accumulator per candidate.</param>
    public static void AddHeldOutErrors(
        IReadOnlyList<ReadOnlyMemory<float>> features,
        ReadOnlySpan<double> targets,
        int targetCount,
        int dimension,
        int folds,
        ReadOnlySpan<double> lambdas,
        Func<int, bool>? include,
        Span<double> errors)
    {
        int d = dimension;
        int m = targetCount;
        var foldGram = new double[folds * d * d];
        var foldMoment = new double[folds * d * m];
        var gram = new double[d * d];
        var moment = new double[d * m];
        var x = new double[d];
        for (int i = 0; i < features.Count; i++)
        {
            if (include is not null && !include(i))
            {
                continue;
            }

            Load(features[i].Span, x);
            int f = i % folds;
            Span<double> g = foldGram.AsSpan(f * d * d, d * d);
            Span<double> b = foldMoment.AsSpan(f * d * m, d * m);
            ReadOnlySpan<double> y = targets.Slice(i * m, m);
            for (int r = 0; r < d; r++)
            {
                for (int c = 0; c < d; c++)
                {
                    g[(r * d) + c] += x[r] * x[c];
                }

                for (int j = 0; j < m; j++)
                {
                    b[(r * m) + j] += x[r] * y[j];
                }
            }
        }

        for (int f = 0; f < folds; f++)
        {
            AddTo(gram, foldGram.AsSpan(f * d * d, d * d));
            AddTo(moment, foldMoment.AsSpan(f * d * m, d * m));
        }

        var a = new double[d * d];
        var theta = new double[d * m];
        var column = new double[d];
        for (int f = 0; f < folds; f++)
        {
            for (int c = 0; c < lambdas.Length; c++)
            {
                // A = λI + (Gram of the other folds), θ_j = A⁻¹ b_j for every target j.
                for (int k = 0; k < d * d; k++)
                {
                    a[k] = gram[k] - foldGram[(f * d * d) + k];
                }

                for (int k = 0; k < d; k++)
                {
                    a[(k * d) + k] += lambdas[c];
                }

                if (!DenseKernels.Cholesky(a, d))
                {
                    throw new InvalidOperationException("The ridge system is not positive definite; λ must be positive and the features finite.");
                }

                for (int j = 0; j < m; j++)
                {
                    for (int r = 0; r < d; r++)
                    {
                        column[r] = moment[(r * m) + j] - foldMoment[(f * d * m) + (r * m) + j];
                    }

                    DenseKernels.SolveLower(a, column, d);
                    DenseKernels.SolveLowerTransposed(a, column, d);
                    for (int r = 0; r < d; r++)
                    {
                        theta[(r * m) + j] = column[r];
                    }
                }

                double error = 0;
                for (int i = f; i < features.Count; i += folds)
                {
                    if (include is not null && !include(i))
                    {
                        continue;
                    }

                    Load(features[i].Span, x);
                    for (int j = 0; j < m; j++)
                    {
                        double prediction = 0;
                        for (int r = 0; r < d; r++)
                        {
                            prediction += theta[(r * m) + j] * x[r];
                        }

                        double residual = targets[(i * m) + j] - prediction;
                        error += residual * residual;
                    }
                }

                errors[c] += error;
            }
        }
    }

    /// <summary>The index of the smallest error; ties go to the earlier candidate.</summary>
    public static int ArgMin(ReadOnlySpan<double> errors)
    {
        int best = 0;
        for (int c = 1; c < errors.Length; c++)
        {
            if (errors[c] < errors[best])
            {
                best = c;
            }
        }

        return best;
    }

    private static void Load(ReadOnlySpan<float> source, Span<double> destination)
    {
        for (int k = 0; k < destination.Length; k++)
        {
            destination[k] = source[k];
        }
    }

    private static void AddTo(Span<double> sum, ReadOnlySpan<double> term)
    {
        for (int k = 0; k < sum.Length; k++)
        {
            sum[k] += term[k];
        }
    }
}
