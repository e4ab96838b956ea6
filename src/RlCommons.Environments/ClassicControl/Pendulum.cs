using RlCommons.Spaces;

namespace RlCommons.Environments.ClassicControl;

/// <summary>
/// Gymnasium's <c>Pendulum-v1</c>: swing a pendulum up and hold it upright with a torque in [−2, 2] N·m (actions
/// outside are clipped). Observation: cos θ, sin θ, θ̇ (θ = 0 is upright). Reward −(θ̂² + 0.1 θ̇² + 0.001 u²) with θ̂
/// the angle normalized into [−π, π) and u the clipped torque; never terminates. g = 10, m = 1, l = 1, dt = 0.05,
/// semi-implicit Euler with the angular velocity clipped to ±8.
/// </summary>
/// <remarks>Gymnasium registers it with a 200-step time limit; see <see cref="ClassicControlEnvironments.Make"/>. Not thread-safe.</remarks>
public sealed class Pendulum : EnvironmentBase
{
    /// <summary>The number of state variables: θ, θ̇.</summary>
    public const int StateDimension = 2;

    private const double MaxSpeed = 8;
    private const double MaxTorque = 2.0;
    private const double Dt = 0.05;
    private const double Gravity = 10.0;
    private const double Mass = 1.0;
    private const double Length = 1.0;

    private double _theta, _thetaDot;

    /// <summary>Creates the environment; call <see cref="EnvironmentBase.Reset"/> before stepping.</summary>
    public Pendulum()
        : base(new BoxSpace([-1f, -1f, (float)-MaxSpeed], [1f, 1f, (float)MaxSpeed]), new BoxSpace((float)-MaxTorque, (float)MaxTorque, 1))
    {
    }

    /// <summary>Sets the full internal state (θ, θ̇) and allows stepping.</summary>
    /// <param name="state">Two values.</param>
    /// <exception cref="ArgumentException"><paramref name="state"/> does not have two values.</exception>
    public void SetState(ReadOnlySpan<double> state)
    {
        ClassicControlState.RequireLength(state, StateDimension, nameof(state));
        (_theta, _thetaDot) = (state[0], state[1]);
        MarkStarted();
    }

    /// <summary>Writes the full internal state (θ, θ̇).</summary>
    /// <param name="destination">Two values.</param>
    public void GetState(Span<double> destination)
    {
        ClassicControlState.RequireLength(destination, StateDimension, nameof(destination));
        (destination[0], destination[1]) = (_theta, _thetaDot);
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        _theta = ClassicControlState.Uniform(Random, -Math.PI, Math.PI);
        _thetaDot = ClassicControlState.Uniform(Random, -1.0, 1.0);
        Observe(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(ReadOnlySpan<float> action, Span<float> observation)
    {
        double u = Math.Clamp(action[0], -MaxTorque, MaxTorque);
        double costs = (NormalizeAngle(_theta) * NormalizeAngle(_theta)) + (0.1 * _thetaDot * _thetaDot) + (0.001 * u * u);

        // Semi-implicit Euler: the angle moves with the new, clipped velocity.
        double thetaDot = _thetaDot + ((3 * Gravity / (2 * Length) * Math.Sin(_theta)) + (3.0 / (Mass * Length * Length) * u)) * Dt;
        thetaDot = Math.Clamp(thetaDot, -MaxSpeed, MaxSpeed);
        _theta += thetaDot * Dt;
        _thetaDot = thetaDot;
        Observe(observation);
        return new StepResult(-costs, false, false);
    }

    // Into [−π, π) with a floored modulo, as Python's % does for a positive divisor.
    private static double NormalizeAngle(double x)
    {
        double remainder = (x + Math.PI) % (2 * Math.PI);
        return (remainder < 0 ? remainder + (2 * Math.PI) : remainder) - Math.PI;
    }

    private void Observe(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(_theta);
        observation[1] = (float)Math.Sin(_theta);
        observation[2] = (float)_thetaDot;
    }
}
