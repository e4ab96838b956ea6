using RlCommons.Spaces;

namespace RlCommons.Core.Tests.Spaces;

public class MultiDiscreteJointIndexTests
{
    [Fact]
    public void ToJointIndex_MixedRadixFirstComponentMostSignificant()
    {
        var space = new MultiDiscreteSpace(3, 4, 2);
        Assert.Equal(24, space.JointCount);
        Assert.Equal(0, space.ToJointIndex([0, 0, 0]));
        Assert.Equal(1, space.ToJointIndex([0, 0, 1]));
        Assert.Equal(2, space.ToJointIndex([0, 1, 0]));
        Assert.Equal((((2 * 4) + 3) * 2) + 1, space.ToJointIndex([2, 3, 1]));
    }

    [Fact]
    public void FromJointIndex_InvertsToJointIndexForEveryValue()
    {
        var space = new MultiDiscreteSpace(3, 4, 2);
        var values = new int[3];
        var seen = new HashSet<int>();
        for (int i = 0; i < space.JointCount; i++)
        {
            space.FromJointIndex(i, values);
            Assert.True(space.Contains(values));
            Assert.Equal(i, space.ToJointIndex(values));
            Assert.True(seen.Add((values[0] * 100) + (values[1] * 10) + values[2]));
        }
    }

    [Fact]
    public void JointIndex_BadInput_ThrowsNamingTheParameter()
    {
        var space = new MultiDiscreteSpace(3, 4);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => space.FromJointIndex(12, new int[2])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => space.FromJointIndex(0, new int[3])).ParamName);
        Assert.Throws<ArgumentException>(() => space.ToJointIndex([3, 0]));
    }

    [Fact]
    public void JointCount_TooManyValues_IsMinusOneAndIndexingThrows()
    {
        var space = new MultiDiscreteSpace(100_000, 100_000);
        Assert.Equal(-1, space.JointCount);
        Assert.Throws<InvalidOperationException>(() => space.ToJointIndex([0, 0]));
    }
}
