using RlCommons.Spaces;

namespace RlCommons.Environments.ClassicControl;

/// <summary>
/// Gymnasium's <c>MountainCar-v0</c>: drive an under-powered car up the right hill (position ≥ 0.5) by accelerating
/// left, not at all, or right (actions 0, 1, 2). Reward −1 per step. Observation: position, velocity.
/// Moore (1990); Gymnasium's semi-implicit update (the velocity first, clipped to ±0.07, then the position with the
/// new velocity, clipped to [−1.2, 0.6]; the left wall stops the car).
/// </summary>
/// <remarks>Gymnasium registers it with a 200-step time limit; see <see cref="ClassicControlEnvironments.Make"/>. Not thread-safe.</remarks>
public sealed class MountainCar : EnvironmentBase
{
    /// <summary>The number of state variables: position, velocity.</summary>
    public const int StateDimension = 2;

    private const double MinPosition = -1.2;
    private const double MaxPosition = 0.6;
    private const double MaxSpeed = 0.07;
    private const double GoalPosition = 0.5;
    private const double GoalVelocity = 0.0;
    private const double Force = 0.001;
    private const double Gravity = 0.0025;

    private double _position, _velocity;

    /// <summary>Creates the environment; call <see cref="EnvironmentBase.Reset"/> before stepping.</summary>
    public MountainCar()
        : base(new BoxSpace([(float)MinPosition, (float)-MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]), new DiscreteSpace(3))
    {
    }

    /// <summary>Sets the full internal state (position, velocity) and allows stepping.</summary>
    /// <param name="state">Two values.</param>
    /// <exception cref="ArgumentException"><paramref name="state"/> does not have two values.</exception>
    public void SetState(ReadOnlySpan<double> state)
    {
        ClassicControlState.RequireLength(state, StateDimension, nameof(state));
        (_position, _velocity) = (state[0], state[1]);
        MarkStarted();
    }

    /// <summary>Writes the full internal state (position, velocity).</summary>
    /// <param name="destination">Two values.</param>
    public void GetState(Span<double> destination)
    {
        ClassicControlState.RequireLength(destination, StateDimension, nameof(destination));
        (destination[0], destination[1]) = (_position, _velocity);
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        _position = ClassicControlState.Uniform(Random, -0.6, -0.4);
        _velocity = 0.0;
        Observe(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(int action, Span<float> observation)
    {
        double velocity = _velocity + ((action - 1) * Force) + (Math.Cos(3 * _position) * -Gravity);
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        double position = Math.Clamp(_position + velocity, MinPosition, MaxPosition);

        // An inelastic left wall.
        if (position == MinPosition && velocity < 0)
        {
            velocity = 0;
        }

        (_position, _velocity) = (position, velocity);
        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        Observe(observation);
        return new StepResult(-1.0, terminated, false);
    }

    private void Observe(Span<float> observation)
    {
        observation[0] = (float)_position;
        observation[1] = (float)_velocity;
    }
}
