using RlCommons.Okr.Dsl;

namespace RlCommons.Okr.Serialization;

/// <summary>The JSON shape of an OKR; every field nullable so that a missing one is reported by validation, not by a crash.</summary>
internal sealed class OkrDocument
{
    public string? Id { get; set; }

    public string? Objective { get; set; }

    public List<KeyResultDocument?>? KeyResults { get; set; }

    public List<ConstraintDocument?>? Constraints { get; set; }

    public string? NorthStar { get; set; }
}

/// <summary>The JSON shape of a key result.</summary>
internal sealed class KeyResultDocument
{
    public string? Metric { get; set; }

    public double? Target { get; set; }

    public Direction? Direction { get; set; }

    public double? Weight { get; set; }

    public string? Unit { get; set; }

    public double? Default { get; set; }
}

/// <summary>The JSON shape of a constraint.</summary>
internal sealed class ConstraintDocument
{
    public string? Metric { get; set; }

    public Comparison? Comparison { get; set; }

    public double? Threshold { get; set; }

    public double? Penalty { get; set; }

    public double? Tolerance { get; set; }

    public double? Default { get; set; }
}
