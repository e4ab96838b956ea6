using RlCommons.Algorithms.Contextual;
using RlCommons.Algorithms.Internal;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Offline;

/// <summary>
/// Warm start between linear contextual bandits: initializes a bandit's per-arm ridge models from another linear
/// bandit's snapshot (for example the <see cref="OfflineContextualBandit.Policy"/> trained from logs, deployed as a
/// <see cref="LinUcbBandit"/>), across bandit types. Arms are matched by name.
/// </summary>
/// <remarks>
/// The models' statistics A = λI + Σ x xᵀ and b = Σ r x are copied, and A⁻¹, θ (and the Cholesky factor for
/// Thompson sampling) recomputed from them. The target keeps its own seed, counters, arms and exploration settings.
/// Thread-safe: the target's models are replaced under its lock, all at once.
/// </remarks>
public static class LinearBanditWarmStart
{
    private static readonly string[] LinearTypes =
    [
        "RlCommons.LinearEpsilonGreedyBandit",
        "RlCommons.LinUcbBandit",
        "RlCommons.LinearThompsonSamplingBandit",
    ];

    /// <summary>Replaces <paramref name="target"/>'s models with those in the snapshot <paramref name="snapshot"/> of a linear bandit.</summary>
    /// <param name="target">The bandit to initialize.</param>
    /// <param name="snapshot">A complete snapshot (<see cref="Snapshot.ToBytes"/>) of any linear bandit.</param>
    /// <exception cref="SnapshotException">
    /// The snapshot is corrupt, is not of a linear bandit, or its spaces differ from the target's: another feature
    /// dimension or other active arms (the message names the dimensions or the arms that differ). The target is unchanged.
    /// </exception>
    public static void Apply(LinearBandit target, ReadOnlyMemory<byte> snapshot)
    {
        ArgumentNullException.ThrowIfNull(target);
        SnapshotInfo info = Snapshot.ReadInfo(snapshot);
        if (Array.IndexOf(LinearTypes, info.SnapshotType) < 0)
        {
            throw new SnapshotException($"The snapshot holds a '{info.SnapshotType}', not a linear contextual bandit ({string.Join(", ", LinearTypes)}).");
        }

        var payload = new LinearPayload(info.SnapshotType);
        Snapshot.Load(payload, snapshot);
        if (payload.Dimension != target.Dimension)
        {
            throw new SnapshotException($"The snapshot's models have feature dimension {payload.Dimension}, the target's {target.Dimension}: the spaces are not compatible.");
        }

        Dictionary<string, RidgeArm> models = payload.Models;
        IReadOnlyList<string> targetArms = target.Arms;
        string[] missing = [.. targetArms.Where(a => !models.ContainsKey(a))];
        string[] extra = [.. models.Keys.Where(a => !targetArms.Contains(a, StringComparer.Ordinal))];
        if (missing.Length > 0 || extra.Length > 0)
        {
            throw new SnapshotException(
                $"The snapshot's arms differ from the target's: missing in the snapshot [{string.Join(", ", missing)}], only in the snapshot [{string.Join(", ", extra)}].");
        }

        target.ReplaceModels(models);
    }

    /// <summary>Parses a linear bandit's verified payload (the layout of Bandit.WriteSnapshot and LinearBandit.WriteState) without installing it anywhere.</summary>
    private sealed class LinearPayload(string type) : ISnapshotable
    {
        public string SnapshotType => type;

        public int SnapshotVersion => 1;

        public int Dimension { get; private set; }

        public Dictionary<string, RidgeArm> Models { get; } = new(StringComparer.Ordinal);

        public void WriteSnapshot(SnapshotWriter writer) => throw new NotSupportedException("A parsed payload is read-only.");

        public void ReadSnapshot(SnapshotReader reader, int version)
        {
            // Seed, decision and update counters: the target keeps its own.
            _ = reader.ReadUInt64();
            _ = reader.ReadInt64();
            _ = reader.ReadInt64();
            ArmRegistry arms = ArmRegistry.Read(reader);
            Dimension = reader.ReadInt32();
            if (Dimension is < 1 or > 4096)
            {
                throw new SnapshotException($"The snapshot's feature dimension {Dimension} is invalid.");
            }

            for (int slot = 0; slot < arms.SlotCount; slot++)
            {
                RidgeArm model = RidgeArm.Read(reader, Dimension, trackCholesky: null);
                if (arms.IsActive(slot))
                {
                    Models[arms.NameOf(slot)] = model;
                }
            }

            reader.EnsureEnd();
        }
    }
}
