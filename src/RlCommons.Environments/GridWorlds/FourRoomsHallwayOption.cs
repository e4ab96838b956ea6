namespace RlCommons.Environments.GridWorlds;

/// <summary>
/// One of the eight hand-made hallway options of Sutton, Precup &amp; Singh (1999) for <see cref="FourRooms"/>, as
/// plain tables over the 104 states: it can start anywhere in its room or in the room's other hallway, follows a
/// shortest path (in the slip-free grid) to its target hallway, and terminates on reaching it or on leaving the
/// room. Turn it into an agent's option with the tables (for example <c>Option.Create</c> in RlCommons.Algorithms).
/// </summary>
/// <param name="Room">The room: 0 upper-left, 1 upper-right, 2 lower-left, 3 lower-right.</param>
/// <param name="TargetHallway">The hallway state the option drives to.</param>
/// <param name="Initiation">For each state, whether the option can start there.</param>
/// <param name="Policy">For each state, the action the option takes there, or −1 where the option never acts.</param>
/// <param name="Termination">For each state, the probability β of terminating on arrival there: 0 inside the initiation set, 1 elsewhere.</param>
public sealed record FourRoomsHallwayOption(int Room, int TargetHallway, IReadOnlyList<bool> Initiation, IReadOnlyList<int> Policy, IReadOnlyList<double> Termination)
{
    /// <summary>
    /// Builds the eight hallway options, two per room, ordered by room and then by target hallway state.
    /// Ties between equally short moves go to the lowest action index, so the tables are deterministic.
    /// </summary>
    /// <returns>The eight options.</returns>
    public static IReadOnlyList<FourRoomsHallwayOption> CreateAll()
    {
        var result = new List<FourRoomsHallwayOption>(8);
        for (int room = 0; room < 4; room++)
        {
            int[] hallways = [.. FourRooms.Hallways.Where(h => Enumerable.Range(0, FourRooms.ActionCount).Any(a => FourRooms.RoomOf(FourRooms.Neighbour(h, a)) == room))];
            foreach (int target in hallways)
            {
                result.Add(Create(room, target, hallways));
            }
        }

        return result;
    }

    private static FourRoomsHallwayOption Create(int room, int target, int[] roomHallways)
    {
        var initiation = new bool[FourRooms.StateCount];
        for (int s = 0; s < FourRooms.StateCount; s++)
        {
            initiation[s] = FourRooms.RoomOf(s) == room || (s != target && roomHallways.Contains(s));
        }

        // Breadth-first distances to the target over the initiation set (the target included).
        var distance = new int[FourRooms.StateCount];
        distance.AsSpan().Fill(int.MaxValue);
        distance[target] = 0;
        var queue = new Queue<int>();
        queue.Enqueue(target);
        while (queue.TryDequeue(out int s))
        {
            for (int a = 0; a < FourRooms.ActionCount; a++)
            {
                int n = FourRooms.Neighbour(s, a);
                if (initiation[n] && distance[n] == int.MaxValue)
                {
                    distance[n] = distance[s] + 1;
                    queue.Enqueue(n);
                }
            }
        }

        var policy = new int[FourRooms.StateCount];
        var termination = new double[FourRooms.StateCount];
        for (int s = 0; s < FourRooms.StateCount; s++)
        {
            policy[s] = -1;
            termination[s] = initiation[s] ? 0.0 : 1.0;
            if (!initiation[s])
            {
                continue;
            }

            for (int a = 0; a < FourRooms.ActionCount; a++)
            {
                if (distance[FourRooms.Neighbour(s, a)] == distance[s] - 1)
                {
                    policy[s] = a;
                    break;
                }
            }
        }

        return new FourRoomsHallwayOption(room, target, initiation, policy, termination);
    }
}
