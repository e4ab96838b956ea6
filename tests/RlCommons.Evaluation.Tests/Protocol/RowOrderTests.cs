using RlCommons.Evaluation.Protocol;
using RlCommons.Randomness;

namespace RlCommons.Evaluation.Tests.Protocol;

public class RowOrderTests
{
    [Fact]
    public void Create_SameSeedAndPass_GivesTheSameOrder()
        => Assert.Equal(RowOrder.Create(500, 7, 2), RowOrder.Create(500, 7, 2));

    [Fact]
    public void Create_AnyPass_IsAPermutationOfTheRows()
    {
        int[] order = RowOrder.Create(500, 7, 3);

        Assert.Equal(Enumerable.Range(0, 500), order.Order());
        Assert.NotEqual(Enumerable.Range(0, 500), order);
    }

    [Fact]
    public void Create_DifferentPasses_GiveDifferentOrders()
    {
        int[][] passes = [.. Enumerable.Range(0, 4).Select(p => RowOrder.Create(500, 7, p))];

        for (int a = 0; a < passes.Length; a++)
        {
            for (int b = a + 1; b < passes.Length; b++)
            {
                Assert.NotEqual(passes[a], passes[b]);
            }
        }
    }

    [Fact]
    public void Create_DifferentSeeds_GiveDifferentOrders()
        => Assert.NotEqual(RowOrder.Create(500, 0, 0), RowOrder.Create(500, 1, 0));

    [Fact]
    public void Create_AnySeedAndPass_FollowsTheDocumentedFisherYatesScheme()
    {
        const ulong seed = 12345;
        const int pass = 1;
        int[] expected = [.. Enumerable.Range(0, 50)];
        var random = new Xoshiro256Random(SeedSequence.Derive(SeedSequence.Derive(seed, ulong.MaxValue), pass));
        for (int i = expected.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }

        Assert.Equal(expected, RowOrder.Create(50, seed, pass));
    }

    [Fact]
    public void Create_NegativePass_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => RowOrder.Create(10, 0, -1));
}
