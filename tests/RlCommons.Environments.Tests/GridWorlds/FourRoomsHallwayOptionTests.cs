using RlCommons.Environments.GridWorlds;

namespace RlCommons.Environments.Tests.GridWorlds;

public sealed class FourRoomsHallwayOptionTests
{
    [Fact]
    public void CreateAll_EightOptionsTwoPerRoomEachToOneOfItsHallways()
    {
        IReadOnlyList<FourRoomsHallwayOption> options = FourRoomsHallwayOption.CreateAll();

        Assert.Equal(8, options.Count);
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3], options.Select(o => o.Room));
        Assert.Equal([25, 51, 25, 62, 51, 88, 62, 88], options.Select(o => o.TargetHallway));
    }

    [Fact]
    public void CreateAll_InitiationIsTheRoomAndItsOtherHallway()
    {
        foreach (FourRoomsHallwayOption option in FourRoomsHallwayOption.CreateAll())
        {
            int[] expectedSize = [25, 30, 25, 20];
            Assert.Equal(expectedSize[option.Room] + 1, option.Initiation.Count(x => x));
            Assert.False(option.Initiation[option.TargetHallway]);
            for (int s = 0; s < FourRooms.StateCount; s++)
            {
                Assert.Equal(option.Initiation[s] ? 0.0 : 1.0, option.Termination[s]);
                Assert.Equal(option.Initiation[s], option.Policy[s] >= 0);
            }
        }
    }

    [Fact]
    public void Policy_WithoutSlips_ReachesTheTargetFromEveryInitiationStateOnAShortestPath()
    {
        foreach (FourRoomsHallwayOption option in FourRoomsHallwayOption.CreateAll())
        {
            (int tr, int tc) = FourRooms.CellOf(option.TargetHallway);
            for (int s = 0; s < FourRooms.StateCount; s++)
            {
                if (!option.Initiation[s])
                {
                    continue;
                }

                int state = s;
                int steps = 0;
                while (state != option.TargetHallway)
                {
                    Assert.True(option.Initiation[state]);
                    state = FourRooms.Neighbour(state, option.Policy[state]);
                    steps++;
                    Assert.True(steps <= 20);
                }

                // Inside a room (not from the other hallway) the shortest path is the Manhattan distance.
                (int r, int c) = FourRooms.CellOf(s);
                if (FourRooms.RoomOf(s) >= 0)
                {
                    Assert.Equal(Math.Abs(r - tr) + Math.Abs(c - tc), steps);
                }
            }
        }
    }
}
