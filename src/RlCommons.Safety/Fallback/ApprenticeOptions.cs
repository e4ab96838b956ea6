namespace RlCommons.Safety.Fallback;

/// <summary>Settings of <see cref="ApprenticeMode"/>; copied when the mode is built.</summary>
public sealed class ApprenticeOptions
{
    /// <summary>How many recent proposals the match rate covers.</summary>
    /// <value>The default is 1000.</value>
    public int Window { get; set; } = 1000;

    /// <summary>The match rate over the window at which the apprentice is promoted, in (0, 1].</summary>
    /// <value>The default is 0.95.</value>
    public double PromotionMatchRate { get; set; } = 0.95;

    /// <summary>The proposals needed in the window before promotion can happen; at most <see cref="Window"/>.</summary>
    /// <value>The default is 500.</value>
    public int MinimumSample { get; set; } = 500;

    /// <summary>The apprentice's policy id, reported with its promotion and its failures.</summary>
    /// <value>The default is <c>"apprentice"</c>.</value>
    public string ApprenticeId { get; set; } = "apprentice";

    /// <summary>Says whether the apprentice may propose (before promotion) or act (after); when it returns false its proposal is skipped, or the baseline acts (<see cref="Decisions.DecisionSource.NotReady"/>). Read on every decision; must be cheap and thread-safe.</summary>
    /// <value>The default is null (always ready).</value>
    public Func<bool>? IsApprenticeReady { get; set; }

    /// <summary>Checks every setting and lists all problems in one exception.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (Window < 1)
        {
            problems.Add($"{nameof(Window)} must be at least 1, got {Window}.");
        }

        if (!(PromotionMatchRate > 0 && PromotionMatchRate <= 1))
        {
            problems.Add($"{nameof(PromotionMatchRate)} must be in (0, 1], got {PromotionMatchRate}.");
        }

        if (MinimumSample < 1 || MinimumSample > Window)
        {
            problems.Add($"{nameof(MinimumSample)} must be in [1, {nameof(Window)}], got {MinimumSample}.");
        }

        if (string.IsNullOrWhiteSpace(ApprenticeId))
        {
            problems.Add($"{nameof(ApprenticeId)} must not be empty.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid apprentice options: " + string.Join(" ", problems), "options");
        }
    }
}
