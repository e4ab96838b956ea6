using System.Globalization;
using RlCommons.Validation;

namespace RlCommons.Decisions;

/// <summary>
/// The settings of one <see cref="DecisionPoint"/>: its name, the policy's id and version, the attribution window and
/// what happens to duplicate, late and missing rewards.
/// </summary>
/// <remarks>
/// The defaults follow Azure Personalizer's reward rules (one reward per event, a 10-minute wait, learning online) except
/// that a decision without a reward gets none unless <see cref="DefaultReward"/> is set. <see cref="AgentOptions.Seed"/>
/// seeds the event ids; unlike an agent's, an unset seed here (with no <see cref="AgentOptions.Random"/>) is drawn from
/// the operating system's entropy so that instances sharing one log never collide.
/// </remarks>
public sealed class DecisionPointOptions : AgentOptions
{
    /// <summary>The decision point's name, recorded with every decision and used as a metric tag (keep it low-cardinality).</summary>
    /// <value>Required: 1 to 200 characters.</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>The id of the policy serving the point, recorded with every decision.</summary>
    /// <value>The default is <see langword="null"/>: the point's <see cref="Name"/>.</value>
    public string? PolicyId { get; set; }

    /// <summary>The version of the policy serving at start (replaced by <see cref="DecisionPoint.ReplacePolicy"/>).</summary>
    /// <value>The default is <c>"1"</c>.</value>
    public string PolicyVersion { get; set; } = "1";

    /// <summary>How long after a decision its reward is accepted; later ones are counted as late and not learned.</summary>
    /// <value>The default is 10 minutes (Azure Personalizer's default reward wait time).</value>
    public TimeSpan AttributionWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>What a second reward for one decision does.</summary>
    /// <value>The default is <see cref="DuplicateRewardHandling.Reject"/>.</value>
    public DuplicateRewardHandling Duplicates { get; set; } = DuplicateRewardHandling.Reject;

    /// <summary>The reward learned for a decision whose window ends without one (Personalizer and the VW Decision Service use 0); <see langword="null"/> to learn nothing from it.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public double? DefaultReward { get; set; }

    /// <summary>Whether joined rewards are learned at once by the point's learner; when <see langword="false"/> they are only logged (learn later from the log).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool LearnOnline { get; set; } = true;

    /// <summary>Whether each record holds the whole action distribution, not only the propensity of the action taken.</summary>
    /// <value>The default is <see langword="false"/> (one array less per decision).</value>
    public bool RecordProbabilities { get; set; }

    /// <summary>
    /// Where the hosted maintenance service keeps the policy's snapshot (see
    /// <c>DecisionPointServiceCollectionExtensions.AddDecisionPoint</c>): loaded at start when the file exists, saved every
    /// <see cref="MaintenanceInterval"/> and when the host stops. Only used when the policy is an <see cref="Snapshots.ISnapshotable"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>: no snapshot.</value>
    public string? SnapshotPath { get; set; }

    /// <summary>How often the hosted maintenance service closes expired attribution windows and saves the snapshot.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Copies these options (the decision point keeps no reference to the caller's object).</summary>
    /// <returns>A copy.</returns>
    public DecisionPointOptions Clone() => (DecisionPointOptions)MemberwiseClone();

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(Name) && Name.Length <= 200, nameof(Name), $"{nameof(Name)} must be 1 to 200 characters and not blank, was '{Name}'.");
        errors.Require(PolicyId is null || (!string.IsNullOrWhiteSpace(PolicyId) && PolicyId.Length <= 200), nameof(PolicyId), $"{nameof(PolicyId)} must be null or 1 to 200 characters, was '{PolicyId}'.");
        errors.Require(!string.IsNullOrWhiteSpace(PolicyVersion) && PolicyVersion.Length <= 100, nameof(PolicyVersion), $"{nameof(PolicyVersion)} must be 1 to 100 characters, was '{PolicyVersion}'.");
        errors.Require(AttributionWindow > TimeSpan.Zero, nameof(AttributionWindow), string.Create(CultureInfo.InvariantCulture, $"{nameof(AttributionWindow)} must be positive, was {AttributionWindow}."));
        errors.Require(Enum.IsDefined(Duplicates), nameof(Duplicates), $"{nameof(Duplicates)} is not a defined value: {Duplicates}.");
        errors.Require(MaintenanceInterval > TimeSpan.Zero, nameof(MaintenanceInterval), string.Create(CultureInfo.InvariantCulture, $"{nameof(MaintenanceInterval)} must be positive, was {MaintenanceInterval}."));
        errors.Require(SnapshotPath is null || !string.IsNullOrWhiteSpace(SnapshotPath), nameof(SnapshotPath), $"{nameof(SnapshotPath)} must be null or a path, was '{SnapshotPath}'.");
        errors.Require(DefaultReward is null || double.IsFinite(DefaultReward.Value), nameof(DefaultReward), string.Create(CultureInfo.InvariantCulture, $"{nameof(DefaultReward)} must be finite or null, was {DefaultReward}."));
    }
}
