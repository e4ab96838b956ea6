namespace RlCommons.Environments.ClassicControl;

/// <summary>Creates the classic-control tasks by their Gymnasium ids, with the time limits Gymnasium registers.</summary>
public static class ClassicControlEnvironments
{
    /// <summary>Gets the supported ids: <c>CartPole-v1</c>, <c>Acrobot-v1</c>, <c>MountainCar-v0</c>, <c>Pendulum-v1</c>.</summary>
    public static IReadOnlyList<string> Ids { get; } = ["CartPole-v1", "Acrobot-v1", "MountainCar-v0", "Pendulum-v1"];

    /// <summary>
    /// Creates the task <paramref name="id"/> wrapped in a <see cref="TimeLimit"/> of Gymnasium's registered length:
    /// 500 steps for CartPole-v1 and Acrobot-v1, 200 for MountainCar-v0 and Pendulum-v1.
    /// </summary>
    /// <param name="id">A Gymnasium id from <see cref="Ids"/> (case-sensitive, as in Gymnasium).</param>
    /// <returns>A new environment; reset it before stepping.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not supported.</exception>
    public static TimeLimit Make(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id switch
        {
            "CartPole-v1" => new TimeLimit(new CartPole(), 500),
            "Acrobot-v1" => new TimeLimit(new Acrobot(), 500),
            "MountainCar-v0" => new TimeLimit(new MountainCar(), 200),
            "Pendulum-v1" => new TimeLimit(new Pendulum(), 200),
            _ => throw new ArgumentException($"Unknown environment id '{id}'; expected one of {string.Join(", ", Ids)}.", nameof(id)),
        };
    }
}
