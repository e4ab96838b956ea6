using FsCheck;
using FsCheck.Fluent;
using RlCommons.Randomness;
using RlCommons.Spaces;

namespace RlCommons.Core.Tests.Spaces;

/// <summary>Property: whatever the seed and the bounds, <see cref="Space.SampleFlat"/> lands inside the space.</summary>
public class SpaceSamplingPropertyTests
{
    // FsCheck's own generator is replayed from a fixed seed, so a failure reproduces on every run.
    private static readonly Config Checked = Config.QuickThrowOnFailure
        .WithMaxTest(300)
        .WithReplay(new Replay(new Rnd(20260101UL), null));

    private static readonly float[] Edges =
    [
        float.NegativeInfinity, -float.MaxValue, -1e30f, -3f, -1f, -float.Epsilon, 0f, float.Epsilon, 1e-30f, 0.5f, 1f, 7f, 1e30f, float.MaxValue, float.PositiveInfinity,
    ];

    [Fact]
    public void SampleFlat_RandomBoxesAndSeeds_AlwaysInsideTheSpace()
    {
        Arbitrary<ulong> seeds = ArbMap.Default.ArbFor<ulong>();
        Prop.ForAll(seeds, seed =>
        {
            // The box itself is drawn from the seed: bounds mix finite, infinite, tiny, huge and equal values.
            var shape = new Xoshiro256Random(seed);
            int dimension = shape.Next(1, 9);
            var low = new float[dimension];
            var high = new float[dimension];
            for (int i = 0; i < dimension; i++)
            {
                float a = Edges[shape.Next(Edges.Length)], b = Edges[shape.Next(Edges.Length)];
                (low[i], high[i]) = a <= b ? (a, b) : (b, a);
                if (float.IsInfinity(low[i]) && low[i] == high[i])
                {
                    (low[i], high[i]) = (float.NegativeInfinity, float.PositiveInfinity);
                }
            }

            var box = new BoxSpace(low, high);
            var flat = new float[dimension];
            box.SampleFlat(new Xoshiro256Random(seed ^ 0x5DEECE66DUL), flat);
            return box.ContainsFlat(flat);
        }).Check(Checked);
    }

    [Fact]
    public void SampleFlat_CompositeOfEveryKind_AlwaysInsideTheSpace()
    {
        var space = new CompositeSpace(
            ("discrete", new DiscreteSpace(7, -3)),
            ("multi", new MultiDiscreteSpace(1, 4, 9)),
            ("box", new BoxSpace([-1f, 0f, float.NegativeInfinity, float.NegativeInfinity], [1f, float.PositiveInfinity, 2f, float.PositiveInfinity])),
            ("nested", new CompositeSpace(("point", new BoxSpace(2f, 2f, 1)), ("coin", new DiscreteSpace(2)))));
        Prop.ForAll(ArbMap.Default.ArbFor<ulong>(), seed =>
        {
            var flat = new float[space.FlatDimension];
            space.SampleFlat(new Xoshiro256Random(seed), flat);
            return space.ContainsFlat(flat);
        }).Check(Checked);
    }

    [Fact]
    public void SampleFlat_PropertyChecker_DetectsAViolation()
    {
        // Guards the harness itself: a property that is false for some seeds must make the check throw.
        var box = new BoxSpace(0f, 1f, 1);
        Assert.ThrowsAny<Exception>(() => Prop.ForAll(ArbMap.Default.ArbFor<ulong>(), seed =>
        {
            var flat = new float[1];
            box.SampleFlat(new Xoshiro256Random(seed), flat);
            return flat[0] < 0.5f;
        }).Check(Checked));
    }
}
