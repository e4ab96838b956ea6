using RlCommons.Buffers;
using Xunit;

namespace RlCommons.Core.Tests.Buffers;

public sealed class RolloutBufferTests
{
    // Two environments, three steps, γ = 0.9, λ = 0.8. Environment 0: rewards 1, 2, 3; values 0.5, 1, 1.5; a new
    // episode starts at step 2; V(last) = 2, not done. Environment 1: rewards 0, 1, 1; values 0; done at the end.
    private static RolloutBuffer Filled()
    {
        var buffer = new RolloutBuffer(3, 2, 1, 1);
        float[][] rewards = [[1f, 0f], [2f, 1f], [3f, 1f]];
        float[][] values = [[0.5f, 0f], [1f, 0f], [1.5f, 0f]];
        bool[][] starts = [[true, true], [false, false], [true, false]];
        for (int t = 0; t < 3; t++)
        {
            buffer.Add([t, 10 + t], [0f, 1f], rewards[t], starts[t], values[t], [-0.5f, -0.7f]);
        }

        return buffer;
    }

    [Fact]
    public void ComputeReturnsAndAdvantages_HandComputedGae_Matches()
    {
        RolloutBuffer buffer = Filled();
        buffer.ComputeReturnsAndAdvantages([2f, 5f], [false, true], 0.9, 0.8);

        // Env 0: t2 δ = 3 + 0.9·2 − 1.5 = 3.3; t1 δ = 2 − 1 = 1 (next row starts an episode); t0 δ = 1 + 0.9·1 − 0.5 = 1.4, Â = 1.4 + 0.72·1.
        // Env 1: t2 δ = 1 (done); t1 Â = 1 + 0.72·1; t0 Â = 0.72·1.72.
        float[] expectedAdvantages = [2.12f, 1.2384f, 1f, 1.72f, 3.3f, 1f];
        float[] expectedReturns = [2.62f, 1.2384f, 2f, 1.72f, 4.8f, 1f];
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(expectedAdvantages[i], buffer.Advantages[i], 5);
            Assert.Equal(expectedReturns[i], buffer.Returns[i], 5);
        }
    }

    [Fact]
    public void ComputeReturnsAndAdvantages_LambdaOne_GivesDiscountedReturns()
    {
        RolloutBuffer buffer = Filled();
        buffer.ComputeReturnsAndAdvantages([2f, 5f], [false, true], 0.9, 1.0);

        // Env 0: 1 + 0.9·2 = 2.8 (episode ends after step 1), 2, 3 + 0.9·2 = 4.8.
        Assert.Equal(2.8f, buffer.Returns[0], 5);
        Assert.Equal(2f, buffer.Returns[2], 5);
        Assert.Equal(4.8f, buffer.Returns[4], 5);
        Assert.Equal(2.8f - 0.5f, buffer.Advantages[0], 5);

        // Env 1: 0 + 0.9·(1 + 0.9·1) = 1.71.
        Assert.Equal(1.71f, buffer.Returns[1], 5);
    }

    [Fact]
    public void Add_RowsInterleaveEnvironments()
    {
        RolloutBuffer buffer = Filled();
        Assert.True(buffer.IsFull);
        Assert.Equal(6, buffer.Count);
        Assert.Equal([0f, 10f, 1f, 11f, 2f, 12f], buffer.Observations.ToArray());
        Assert.Equal([true, true, false, false, true, false], buffer.EpisodeStarts.ToArray());
        buffer.Reset();
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void Add_WithMasks_StoresThem()
    {
        var buffer = new RolloutBuffer(1, 1, 1, 1, maskLength: 2);
        buffer.Add([0f], [1f], [1f], [true], [0f], [0f], [false, true]);
        Assert.Equal([false, true], buffer.ActionMasks.ToArray());
    }

    [Fact]
    public void Add_BadInput_Throws()
    {
        var buffer = new RolloutBuffer(1, 2, 1, 1);
        Assert.Equal("rewards", Assert.Throws<ArgumentException>(() => buffer.Add([0f, 0f], [0f, 0f], [0f], [true, true], [0f, 0f], [0f, 0f])).ParamName);
        Assert.Throws<InvalidOperationException>(() => buffer.ComputeReturnsAndAdvantages([0f, 0f], [false, false], 0.9, 0.9));
        buffer.Add([0f, 0f], [0f, 0f], [0f, 0f], [true, true], [0f, 0f], [0f, 0f]);
        Assert.Throws<InvalidOperationException>(() => buffer.Add([0f, 0f], [0f, 0f], [0f, 0f], [true, true], [0f, 0f], [0f, 0f]));
        Assert.Equal("lambda", Assert.Throws<ArgumentOutOfRangeException>(() => buffer.ComputeReturnsAndAdvantages([0f, 0f], [false, false], 0.9, 1.5)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => new RolloutBuffer(0, 1, 1, 1)).ParamName);
    }
}
