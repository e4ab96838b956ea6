using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Bandits;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>Seeded reproducibility of every bandit type (the contract in <see cref="Bandit"/>'s remarks).</summary>
public class BanditDeterminismTests
{
    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Decide_SameSeedSameCalls_IdenticalDecisions(string kind)
    {
        Bandit first = BanditCatalog.Create(kind, seed: 42);
        Bandit second = BanditCatalog.Create(kind, seed: 42);

        List<Decision> a = BanditCatalog.Play(first, new Random(7), 300);
        List<Decision> b = BanditCatalog.Play(second, new Random(7), 300);

        // Decision is a record struct: Equal compares every field (action, propensity, score, explored, sequence, seed).
        Assert.Equal(a, b);
        Assert.Equal(RawSnapshot.Take(first), RawSnapshot.Take(second));
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Decide_DifferentSeeds_DecisionsDiffer(string kind)
    {
        List<Decision> a = BanditCatalog.Play(BanditCatalog.Create(kind, seed: 1), new Random(7), 300);
        List<Decision> b = BanditCatalog.Play(BanditCatalog.Create(kind, seed: 2), new Random(7), 300);

        Assert.NotEqual(a.Select(d => d.Seed), b.Select(d => d.Seed));
        // Beyond the recorded seeds, the randomness must change what is chosen or scored.
        Assert.NotEqual(a.Select(d => (d.Action, d.Score)), b.Select(d => (d.Action, d.Score)));
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Load_AfterKDecisions_FreshBanditWithOtherSeedContinuesIdentically(string kind)
    {
        Bandit original = BanditCatalog.Create(kind, seed: 11);
        var rng = new Random(3);
        BanditCatalog.Play(original, rng, 137);
        byte[] snapshot = RawSnapshot.Take(original);

        Bandit restored = BanditCatalog.Create(kind, seed: 999);
        Snapshot.Load(restored, snapshot);
        Assert.Equal(original.Seed, restored.Seed);
        Assert.Equal(original.DecisionCount, restored.DecisionCount);

        int state = rng.Next();
        List<Decision> expected = BanditCatalog.Play(original, new Random(state), 200);
        List<Decision> actual = BanditCatalog.Play(restored, new Random(state), 200);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(BanditCatalog.AllKinds), MemberType = typeof(BanditCatalog))]
    public void Decide_SequenceAndSeed_FollowTheDecisionCount(string kind)
    {
        Bandit bandit = BanditCatalog.Create(kind, seed: 5);
        List<Decision> decisions = BanditCatalog.Play(bandit, new Random(1), 20);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), decisions.Select(d => d.Sequence));
        Assert.Equal(20, bandit.DecisionCount);
        Assert.Equal(20, bandit.UpdateCount);
        Assert.Equal(20, decisions.Select(d => d.Seed).Distinct().Count());
        Assert.Equal(RlCommons.Randomness.SeedSequence.Derive(5, 1), decisions[0].Seed);
    }
}
