using RlCommons.Spaces;

namespace RlCommons.Environments.ClassicControl;

/// <summary>
/// Gymnasium's <c>CartPole-v1</c>: balance a pole on a cart by pushing it left (action 0) or right (action 1) with a
/// force of 10 N. Observation: cart position, cart velocity, pole angle (rad), pole angular velocity.
/// Reward 1 per step, including the step that terminates; the episode terminates when |x| &gt; 2.4 or
/// |θ| &gt; 12°. Barto, Sutton &amp; Anderson (1983), with Gymnasium's explicit-Euler integration.
/// </summary>
/// <remarks>
/// The state is kept in <see cref="double"/> as Gymnasium keeps it in float64, and rounded to <see cref="float"/>
/// for the observation as Gymnasium returns float32. Gymnasium registers it with a 500-step time limit; see
/// <see cref="ClassicControlEnvironments.Make"/>. Not thread-safe.
/// </remarks>
public sealed class CartPole : EnvironmentBase
{
    private const double Gravity = 9.8;
    private const double CartMass = 1.0;
    private const double PoleMass = 0.1;
    private const double TotalMass = CartMass + PoleMass;
    private const double HalfPoleLength = 0.5;
    private const double PoleMassLength = PoleMass * HalfPoleLength;
    private const double ForceMagnitude = 10.0;
    private const double Tau = 0.02;
    private const double ThetaThreshold = 12 * 2 * Math.PI / 360;
    private const double XThreshold = 2.4;

    private double _x, _xDot, _theta, _thetaDot;
    private bool _terminatedBefore;

    /// <summary>Creates the environment; call <see cref="EnvironmentBase.Reset"/> before stepping.</summary>
    public CartPole()
        : base(
            new BoxSpace(
                [(float)(-XThreshold * 2), -float.MaxValue, (float)(-ThetaThreshold * 2), -float.MaxValue],
                [(float)(XThreshold * 2), float.MaxValue, (float)(ThetaThreshold * 2), float.MaxValue]),
            new DiscreteSpace(2))
    {
    }

    /// <summary>The number of state variables: x, ẋ, θ, θ̇.</summary>
    public const int StateDimension = 4;

    /// <summary>Sets the full internal state (x, ẋ, θ, θ̇) as if an episode had just reached it, and allows stepping.</summary>
    /// <param name="state">Four values.</param>
    /// <exception cref="ArgumentException"><paramref name="state"/> does not have four values.</exception>
    public void SetState(ReadOnlySpan<double> state)
    {
        ClassicControlState.RequireLength(state, StateDimension, nameof(state));
        (_x, _xDot, _theta, _thetaDot) = (state[0], state[1], state[2], state[3]);
        _terminatedBefore = false;
        MarkStarted();
    }

    /// <summary>Writes the full internal state (x, ẋ, θ, θ̇).</summary>
    /// <param name="destination">Four values.</param>
    public void GetState(Span<double> destination)
    {
        ClassicControlState.RequireLength(destination, StateDimension, nameof(destination));
        (destination[0], destination[1], destination[2], destination[3]) = (_x, _xDot, _theta, _thetaDot);
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        _x = ClassicControlState.Uniform(Random, -0.05, 0.05);
        _xDot = ClassicControlState.Uniform(Random, -0.05, 0.05);
        _theta = ClassicControlState.Uniform(Random, -0.05, 0.05);
        _thetaDot = ClassicControlState.Uniform(Random, -0.05, 0.05);
        _terminatedBefore = false;
        Observe(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(int action, Span<float> observation)
    {
        double force = action == 1 ? ForceMagnitude : -ForceMagnitude;
        double cosTheta = Math.Cos(_theta);
        double sinTheta = Math.Sin(_theta);

        // Equations of motion of the cart-pole (Florian 2007 corrects the friction terms; Gymnasium has none).
        double temp = (force + (PoleMassLength * _thetaDot * _thetaDot * sinTheta)) / TotalMass;
        double thetaAcc = ((Gravity * sinTheta) - (cosTheta * temp)) / (HalfPoleLength * ((4.0 / 3.0) - (PoleMass * cosTheta * cosTheta / TotalMass)));
        double xAcc = temp - (PoleMassLength * thetaAcc * cosTheta / TotalMass);

        // Explicit Euler: positions move with the old velocities.
        _x += Tau * _xDot;
        _xDot += Tau * xAcc;
        _theta += Tau * _thetaDot;
        _thetaDot += Tau * thetaAcc;

        bool terminated = _x < -XThreshold || _x > XThreshold || _theta < -ThetaThreshold || _theta > ThetaThreshold;

        // Gymnasium pays 1 for the terminating step and 0 for any step taken after it.
        double reward = 1.0;
        if (terminated)
        {
            reward = _terminatedBefore ? 0.0 : 1.0;
            _terminatedBefore = true;
        }

        Observe(observation);
        return new StepResult(reward, terminated, false);
    }

    private void Observe(Span<float> observation)
    {
        observation[0] = (float)_x;
        observation[1] = (float)_xDot;
        observation[2] = (float)_theta;
        observation[3] = (float)_thetaDot;
    }
}
