using System.Globalization;

namespace RlCommons.Okr.Dsl;

/// <summary>A key result as declared, before validation (shared by the builder and the JSON reader).</summary>
internal sealed record KeyResultSpec(string? Metric, double? Target, Direction? Direction, double? Weight, string? Unit, double? DefaultValue);

/// <summary>A constraint as declared, before validation.</summary>
internal sealed record ConstraintSpec(string? Metric, Comparison? Comparison, double? Threshold, double? Penalty, double? Tolerance, double? DefaultValue);

/// <summary>
/// Validates a declared OKR and builds it, collecting every problem so that one exception lists them all. The builder
/// and the JSON reader both end here, so both report the same messages.
/// </summary>
internal static class OkrDefinition
{
    public static Okr Build(string? id, string? objective, IReadOnlyList<KeyResultSpec?> keyResults, IReadOnlyList<ConstraintSpec?> constraints, string? northStar)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add("id must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(objective))
        {
            errors.Add("objective must not be empty.");
        }

        if (keyResults.Count == 0)
        {
            errors.Add("keyResults: at least one key result is required.");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < keyResults.Count; i++)
        {
            if (keyResults[i] is not { } kr)
            {
                errors.Add($"keyResults[{i}] is null.");
                continue;
            }

            string at = Where("keyResults", i, kr.Metric);
            if (string.IsNullOrWhiteSpace(kr.Metric))
            {
                errors.Add($"{at}: metric must not be empty.");
            }
            else if (!seen.TryAdd(kr.Metric, i))
            {
                errors.Add($"{at}: duplicate metric '{kr.Metric}', already used by keyResults[{seen[kr.Metric]}].");
            }

            if (kr.Target is not { } target)
            {
                errors.Add($"{at}: target is required.");
            }
            else if (!double.IsFinite(target) || target == 0)
            {
                errors.Add(Invariant($"{at}: target must be a finite non-zero number, was {target}."));
            }

            if (kr.Direction is not { } direction)
            {
                errors.Add($"{at}: direction is required (Maximize or Minimize).");
            }
            else if (!Enum.IsDefined(direction))
            {
                errors.Add(Invariant($"{at}: direction must be Maximize or Minimize, was {(int)direction}."));
            }

            if (kr.Weight is not { } weight)
            {
                errors.Add($"{at}: weight is required.");
            }
            else if (!double.IsFinite(weight) || weight <= 0)
            {
                errors.Add(Invariant($"{at}: weight must be a finite number greater than 0, was {weight}."));
            }

            if (kr.DefaultValue is { } d && !double.IsFinite(d))
            {
                errors.Add(Invariant($"{at}: default must be a finite number, was {d}."));
            }
        }

        var names = new HashSet<(string, Comparison, double)>();
        for (int i = 0; i < constraints.Count; i++)
        {
            if (constraints[i] is not { } c)
            {
                errors.Add($"constraints[{i}] is null.");
                continue;
            }

            string at = Where("constraints", i, c.Metric);
            if (string.IsNullOrWhiteSpace(c.Metric))
            {
                errors.Add($"{at}: metric must not be empty.");
            }

            if (c.Comparison is not { } comparison)
            {
                errors.Add($"{at}: comparison is required (LessOrEqual, GreaterOrEqual or Equal).");
            }
            else if (!Enum.IsDefined(comparison))
            {
                errors.Add(Invariant($"{at}: comparison must be LessOrEqual, GreaterOrEqual or Equal, was {(int)comparison}."));
            }

            if (c.Threshold is not { } threshold)
            {
                errors.Add($"{at}: threshold is required.");
            }
            else if (!double.IsFinite(threshold))
            {
                errors.Add(Invariant($"{at}: threshold must be a finite number, was {threshold}."));
            }

            double penalty = c.Penalty ?? 1.0;
            if (!double.IsFinite(penalty) || penalty < 0)
            {
                errors.Add(Invariant($"{at}: penalty must be a finite number greater than or equal to 0, was {penalty}."));
            }

            double tolerance = c.Tolerance ?? 0.0;
            if (c.Comparison == Comparison.Equal && tolerance == 0)
            {
                errors.Add($"{at}: an equality constraint needs a tolerance greater than 0 (a continuous metric is almost never exactly equal).");
            }
            else if (!double.IsFinite(tolerance) || tolerance < 0)
            {
                errors.Add(Invariant($"{at}: tolerance must be a finite number greater than or equal to 0, was {tolerance}."));
            }

            if (c.DefaultValue is { } d && !double.IsFinite(d))
            {
                errors.Add(Invariant($"{at}: default must be a finite number, was {d}."));
            }

            if (c.Metric is not null && c.Comparison is { } cmp && c.Threshold is { } thr && !names.Add((c.Metric, cmp, thr)))
            {
                errors.Add($"{at}: duplicate constraint on '{c.Metric}' with the same comparison and threshold.");
            }
        }

        if (northStar is not null && string.IsNullOrWhiteSpace(northStar))
        {
            errors.Add("northStar must not be empty when it is set.");
        }

        if (errors.Count > 0)
        {
            throw new OkrValidationException(id, errors);
        }

        double sum = 0;
        foreach (KeyResultSpec? kr in keyResults)
        {
            sum += kr!.Weight!.Value;
        }

        var built = new KeyResult[keyResults.Count];
        for (int i = 0; i < built.Length; i++)
        {
            KeyResultSpec kr = keyResults[i]!;
            built[i] = new KeyResult(kr.Metric!, kr.Target!.Value, kr.Direction!.Value, kr.Weight!.Value / sum, kr.Weight.Value, kr.Unit, kr.DefaultValue);
        }

        var builtConstraints = new Constraint[constraints.Count];
        for (int i = 0; i < builtConstraints.Length; i++)
        {
            ConstraintSpec c = constraints[i]!;
            builtConstraints[i] = new Constraint(c.Metric!, c.Comparison!.Value, c.Threshold!.Value, c.Penalty ?? 1.0, c.Tolerance ?? 0.0, c.DefaultValue);
        }

        return new Okr(id!, objective!, built, builtConstraints, northStar);
    }

    private static string Where(string list, int index, string? metric)
        => string.IsNullOrWhiteSpace(metric) ? $"{list}[{index}]" : $"{list}[{index}] ('{metric}')";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
