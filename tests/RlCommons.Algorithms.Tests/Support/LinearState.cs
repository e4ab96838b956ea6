using RlCommons.Algorithms.Contextual;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests.Support;

/// <summary>One arm's ridge model as a linear bandit's snapshot payload records it.</summary>
internal sealed record ArmModel(long Updates, int SinceRefresh, double[] A, double[] AInverse, double[] B, double[] Theta, double[]? Cholesky);

/// <summary>Reads the per-arm models out of a linear bandit's snapshot payload (the public way to see its state).</summary>
internal static class LinearState
{
    public static ArmModel[] Read(LinearBandit bandit)
    {
        var reader = new SnapshotReader(RawSnapshot.PayloadOf(bandit));
        reader.ReadUInt64();
        reader.ReadInt64();
        reader.ReadInt64();
        int slots = reader.ReadInt32();
        for (int i = 0; i < slots; i++)
        {
            reader.ReadRequiredString();
            reader.ReadBoolean();
        }

        Assert.Equal(bandit.Dimension, reader.ReadInt32());
        var models = new ArmModel[slots];
        for (int i = 0; i < slots; i++)
        {
            long updates = reader.ReadInt64();
            int since = reader.ReadInt32();
            double[] a = reader.ReadDoubles();
            double[] inverse = reader.ReadDoubles();
            double[] b = reader.ReadDoubles();
            double[] theta = reader.ReadDoubles();
            double[]? l = reader.ReadBoolean() ? reader.ReadDoubles() : null;
            models[i] = new ArmModel(updates, since, a, inverse, b, theta, l);
        }

        reader.EnsureEnd();
        return models;
    }
}
