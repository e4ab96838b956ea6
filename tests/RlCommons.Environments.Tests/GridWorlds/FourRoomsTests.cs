using RlCommons.Environments.GridWorlds;

namespace RlCommons.Environments.Tests.GridWorlds;

public sealed class FourRoomsTests
{
    [Fact]
    public void StateAt_WholeGrid_Has104FreeCellsNumberedRowMajor()
    {
        var states = new List<int>();
        for (int r = 0; r < FourRooms.GridSize; r++)
        {
            for (int c = 0; c < FourRooms.GridSize; c++)
            {
                int s = FourRooms.StateAt(r, c);
                if (s >= 0)
                {
                    states.Add(s);
                    Assert.Equal((r, c), FourRooms.CellOf(s));
                }
            }
        }

        Assert.Equal(104, states.Count);
        Assert.Equal(Enumerable.Range(0, 104), states);
    }

    [Fact]
    public void RoomOf_EveryState_RoomsOf25_30_25_20CellsAndFourHallways()
    {
        int[] counts = new int[5];
        for (int s = 0; s < FourRooms.StateCount; s++)
        {
            counts[FourRooms.RoomOf(s) + 1]++;
        }

        Assert.Equal([4, 25, 30, 25, 20], counts);
        Assert.Equal([25, 51, 62, 88], FourRooms.Hallways);
    }

    [Fact]
    public void DefaultGoal_IsTheEastHallway()
    {
        Assert.Equal((7, 9), FourRooms.CellOf(FourRooms.DefaultGoal));
        Assert.Equal(62, new FourRooms().Goal);
    }

    [Fact]
    public void LowerRightRoomGoals_AreTheOptionCriticCodesList()
    {
        int[] expected = [68, 69, 70, 71, 72, 78, 79, 80, 81, 82, 88, 89, 90, 91, 92, 93, 99, 100, 101, 102, 103];

        Assert.Equal(expected, FourRooms.LowerRightRoomGoals);
    }

    [Fact]
    public void Neighbour_IntoWall_StaysAndIntoFreeCell_Moves()
    {
        int corner = FourRooms.StateAt(1, 1);

        Assert.Equal(corner, FourRooms.Neighbour(corner, FourRooms.Up));
        Assert.Equal(corner, FourRooms.Neighbour(corner, FourRooms.Left));
        Assert.Equal(FourRooms.StateAt(2, 1), FourRooms.Neighbour(corner, FourRooms.Down));
        Assert.Equal(FourRooms.StateAt(1, 2), FourRooms.Neighbour(corner, FourRooms.Right));
    }

    [Fact]
    public void Step_IntoWall_NeverMoves()
    {
        var env = new FourRooms();
        var observation = new float[FourRooms.StateCount];
        env.Reset(5, observation);
        int corner = FourRooms.StateAt(1, 1);
        for (int i = 0; i < 200; i++)
        {
            env.SetState(corner);
            StepResult result = env.Step(FourRooms.Up, observation);

            Assert.Equal(corner, env.State);
            Assert.Equal(0.0, result.Reward);
        }
    }

    [Fact]
    public void Step_FromRoomCentre_IntendedTwoThirdsAndEachNeighbourOfTheNewCellOneTwelfth()
    {
        var env = new FourRooms();
        var observation = new float[FourRooms.StateCount];
        env.Reset(11, observation);
        int start = FourRooms.StateAt(3, 3);
        var counts = new Dictionary<int, int>();
        const int N = 60_000;
        for (int i = 0; i < N; i++)
        {
            env.SetState(start);
            env.Step(FourRooms.Up, observation);
            counts[env.State] = counts.GetValueOrDefault(env.State) + 1;
        }

        // Up leads to (2, 3); a slip then jumps to one of its four free neighbours, the start included.
        Assert.Equal(5, counts.Count);
        Assert.Equal(2.0 / 3.0, counts[FourRooms.StateAt(2, 3)] / (double)N, 0.01);
        foreach ((int r, int c) in new[] { (1, 3), (3, 3), (2, 2), (2, 4) })
        {
            Assert.Equal(1.0 / 12.0, counts[FourRooms.StateAt(r, c)] / (double)N, 0.006);
        }
    }

    [Fact]
    public void Step_IntoGoal_RewardOneAndTerminated()
    {
        var env = new FourRooms();
        var observation = new float[FourRooms.StateCount];
        env.Reset(1, observation);
        int below = FourRooms.StateAt(8, 9);
        bool reached = false;
        for (int i = 0; i < 100 && !reached; i++)
        {
            env.SetState(below);
            StepResult result = env.Step(FourRooms.Up, observation);
            reached = env.State == FourRooms.DefaultGoal;
            Assert.Equal(reached, result.Terminated);
            Assert.Equal(reached ? 1.0 : 0.0, result.Reward);
            Assert.False(result.Truncated);
        }

        Assert.True(reached);
        Assert.Equal(1f, observation[FourRooms.DefaultGoal]);
        Assert.Equal(1f, observation.Sum());
    }

    [Fact]
    public void Reset_ManyEpisodes_NeverStartsAtTheGoalAndCoversTheOtherCells()
    {
        var env = new FourRooms();
        env.SetGoal(90);
        var observation = new float[FourRooms.StateCount];
        var seen = new HashSet<int>();
        env.Reset(3, observation);
        for (int i = 0; i < 5000; i++)
        {
            env.Reset(null, observation);
            seen.Add(env.State);
            Assert.Equal(1f, observation[env.State]);
        }

        Assert.Equal(103, seen.Count);
        Assert.DoesNotContain(90, seen);
    }

    [Fact]
    public void Reset_SameSeed_SameTrajectoryAndSameMovedGoal()
    {
        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));

        static List<int> Run(long seed)
        {
            var env = new FourRooms();
            var observation = new float[FourRooms.StateCount];
            var trace = new List<int>();
            env.Reset(seed, observation);
            trace.Add(env.State);
            for (int i = 0; i < 300; i++)
            {
                if (env.Step(i % 4, observation).Terminated)
                {
                    env.Reset(null, observation);
                }

                trace.Add(env.State);
            }

            trace.Add(env.MoveGoal());
            return trace;
        }
    }

    [Fact]
    public void MoveGoal_ManyDraws_OnlyLowerRightRoomGoalsAndAllOfThem()
    {
        var env = new FourRooms();
        env.Reset(8, new float[FourRooms.StateCount]);
        var goals = new HashSet<int>();
        for (int i = 0; i < 2000; i++)
        {
            int goal = env.MoveGoal();
            Assert.Equal(goal, env.Goal);
            goals.Add(goal);
        }

        Assert.Equal(FourRooms.LowerRightRoomGoals.ToHashSet(), goals);
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        var env = new FourRooms();

        Assert.Equal("goal", Assert.Throws<ArgumentOutOfRangeException>(() => env.SetGoal(104)).ParamName);
        Assert.Equal("state", Assert.Throws<ArgumentOutOfRangeException>(() => env.SetState(-1)).ParamName);
        Assert.Equal("action", Assert.Throws<ArgumentOutOfRangeException>(() => FourRooms.Neighbour(0, 4)).ParamName);
        Assert.Equal("row", Assert.Throws<ArgumentOutOfRangeException>(() => FourRooms.StateAt(13, 0)).ParamName);
        Assert.Throws<InvalidOperationException>(() => env.Step(0, new float[FourRooms.StateCount]));
        Assert.Equal("action", Assert.Throws<ArgumentOutOfRangeException>(() => { env.SetState(0); env.Step(4, new float[FourRooms.StateCount]); }).ParamName);
    }
}
