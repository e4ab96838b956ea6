namespace RlCommons.Safety.Guardrails;

/// <summary>Settings of a <see cref="Guardrail"/>.</summary>
public sealed class GuardrailOptions
{
    /// <summary>The guardrail's name, reported with breaches and written to the audit trail.</summary>
    /// <value>The default is "guardrail".</value>
    public string Name { get; set; } = "guardrail";

    /// <summary>The false-alarm level α of the always-valid test: a policy that is not worse is rolled back with probability at most α however long it runs.</summary>
    /// <value>The default is 0.05.</value>
    public double Alpha { get; set; } = 0.05;

    /// <summary>The mSPRT mixing variance τ² in squared metric units: the square of the degradation the guardrail must catch fastest.</summary>
    /// <value>The default is 1; set it for your metric's scale.</value>
    public double MixingVariance { get; set; } = 1;

    /// <summary>Observations each arm needs before the test can breach.</summary>
    /// <value>The default is 30.</value>
    public int MinimumCountPerArm { get; set; } = 30;

    /// <summary>Whether larger metric values are better (revenue, conversion) or worse (latency, complaints).</summary>
    /// <value>The default is true.</value>
    public bool HigherIsBetter { get; set; } = true;

    /// <summary>How many violation signals (for example OKR constraint violations) breach the guardrail; 0 ignores them.</summary>
    /// <value>The default is 1.</value>
    public int MaxViolations { get; set; } = 1;

    /// <summary>Checks every setting and lists all problems in one exception.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add($"{nameof(Name)} must not be empty.");
        }

        if (!(Alpha > 0 && Alpha < 1))
        {
            problems.Add($"{nameof(Alpha)} must be in (0, 1), got {Alpha}.");
        }

        if (!(MixingVariance > 0) || double.IsInfinity(MixingVariance))
        {
            problems.Add($"{nameof(MixingVariance)} must be positive and finite, got {MixingVariance}.");
        }

        if (MinimumCountPerArm < 2)
        {
            problems.Add($"{nameof(MinimumCountPerArm)} must be at least 2, got {MinimumCountPerArm}.");
        }

        if (MaxViolations < 0)
        {
            problems.Add($"{nameof(MaxViolations)} must be non-negative, got {MaxViolations}.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid guardrail options: " + string.Join(" ", problems), "options");
        }
    }
}
