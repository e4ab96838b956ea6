using RlCommons.Spaces;

namespace RlCommons.Environments.ClassicControl;

/// <summary>
/// Gymnasium's <c>Acrobot-v1</c>: a two-link pendulum actuated at the middle joint with a torque of −1, 0 or +1
/// (actions 0, 1, 2); swing the tip above the bar (−cos θ₁ − cos(θ₁ + θ₂) &gt; 1). Reward −1 per step, 0 on the
/// terminating step. Observation: cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ̇₁, θ̇₂.
/// Dynamics of Sutton &amp; Barto (1998, "book" variant, Sutton 1996), integrated with one classical RK4 step of 0.2 s.
/// </summary>
/// <remarks>
/// After each step the angles are wrapped into [−π, π] and the velocities bounded to ±4π and ±9π, as Gymnasium does.
/// Gymnasium registers it with a 500-step time limit; see <see cref="ClassicControlEnvironments.Make"/>. Not thread-safe.
/// </remarks>
public sealed class Acrobot : EnvironmentBase
{
    /// <summary>The number of state variables: θ₁, θ₂, θ̇₁, θ̇₂.</summary>
    public const int StateDimension = 4;

    private const double Dt = 0.2;
    private const double Length1 = 1.0;
    private const double Mass1 = 1.0;
    private const double Mass2 = 1.0;
    private const double CenterOfMass1 = 0.5;
    private const double CenterOfMass2 = 0.5;
    private const double MomentOfInertia = 1.0;
    private const double MaxVelocity1 = 4 * Math.PI;
    private const double MaxVelocity2 = 9 * Math.PI;
    private const double Gravity = 9.8;

    private double _theta1, _theta2, _dTheta1, _dTheta2;

    /// <summary>Creates the environment; call <see cref="EnvironmentBase.Reset"/> before stepping.</summary>
    public Acrobot()
        : base(
            new BoxSpace(
                [-1f, -1f, -1f, -1f, (float)-MaxVelocity1, (float)-MaxVelocity2],
                [1f, 1f, 1f, 1f, (float)MaxVelocity1, (float)MaxVelocity2]),
            new DiscreteSpace(3))
    {
    }

    /// <summary>Sets the full internal state (θ₁, θ₂, θ̇₁, θ̇₂) and allows stepping.</summary>
    /// <param name="state">Four values.</param>
    /// <exception cref="ArgumentException"><paramref name="state"/> does not have four values.</exception>
    public void SetState(ReadOnlySpan<double> state)
    {
        ClassicControlState.RequireLength(state, StateDimension, nameof(state));
        (_theta1, _theta2, _dTheta1, _dTheta2) = (state[0], state[1], state[2], state[3]);
        MarkStarted();
    }

    /// <summary>Writes the full internal state (θ₁, θ₂, θ̇₁, θ̇₂).</summary>
    /// <param name="destination">Four values.</param>
    public void GetState(Span<double> destination)
    {
        ClassicControlState.RequireLength(destination, StateDimension, nameof(destination));
        (destination[0], destination[1], destination[2], destination[3]) = (_theta1, _theta2, _dTheta1, _dTheta2);
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        // Gymnasium draws the start state as float32.
        _theta1 = (float)ClassicControlState.Uniform(Random, -0.1, 0.1);
        _theta2 = (float)ClassicControlState.Uniform(Random, -0.1, 0.1);
        _dTheta1 = (float)ClassicControlState.Uniform(Random, -0.1, 0.1);
        _dTheta2 = (float)ClassicControlState.Uniform(Random, -0.1, 0.1);
        Observe(observation);
    }

    /// <inheritdoc />
    protected override StepResult StepCore(int action, Span<float> observation)
    {
        double torque = action - 1.0;
        Span<double> y = [_theta1, _theta2, _dTheta1, _dTheta2];
        Span<double> k1 = stackalloc double[4], k2 = stackalloc double[4], k3 = stackalloc double[4], k4 = stackalloc double[4];
        Span<double> probe = stackalloc double[4];

        // One classical Runge-Kutta step over [0, dt]; the torque is held constant.
        Derivatives(y, torque, k1);
        Offset(y, Dt / 2.0, k1, probe);
        Derivatives(probe, torque, k2);
        Offset(y, Dt / 2.0, k2, probe);
        Derivatives(probe, torque, k3);
        Offset(y, Dt, k3, probe);
        Derivatives(probe, torque, k4);
        for (int i = 0; i < 4; i++)
        {
            y[i] += Dt / 6.0 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]);
        }

        _theta1 = Wrap(y[0], -Math.PI, Math.PI);
        _theta2 = Wrap(y[1], -Math.PI, Math.PI);
        _dTheta1 = Math.Min(Math.Max(y[2], -MaxVelocity1), MaxVelocity1);
        _dTheta2 = Math.Min(Math.Max(y[3], -MaxVelocity2), MaxVelocity2);

        bool terminated = -Math.Cos(_theta1) - Math.Cos(_theta2 + _theta1) > 1.0;
        Observe(observation);
        return new StepResult(terminated ? 0.0 : -1.0, terminated, false);
    }

    // Sutton & Barto's acrobot equations ("book" variant: with the θ̇₁² sin θ₂ term in θ̈₂).
    private static void Derivatives(ReadOnlySpan<double> s, double torque, Span<double> ds)
    {
        double theta1 = s[0], theta2 = s[1], dTheta1 = s[2], dTheta2 = s[3];
        const double m1 = Mass1, m2 = Mass2, l1 = Length1, lc1 = CenterOfMass1, lc2 = CenterOfMass2;
        const double i1 = MomentOfInertia, i2 = MomentOfInertia, g = Gravity;

        double d1 = (m1 * lc1 * lc1) + (m2 * ((l1 * l1) + (lc2 * lc2) + (2 * l1 * lc2 * Math.Cos(theta2)))) + i1 + i2;
        double d2 = (m2 * ((lc2 * lc2) + (l1 * lc2 * Math.Cos(theta2)))) + i2;
        double phi2 = m2 * lc2 * g * Math.Cos(theta1 + theta2 - (Math.PI / 2.0));
        double phi1 = (-m2 * l1 * lc2 * dTheta2 * dTheta2 * Math.Sin(theta2))
            - (2 * m2 * l1 * lc2 * dTheta2 * dTheta1 * Math.Sin(theta2))
            + (((m1 * lc1) + (m2 * l1)) * g * Math.Cos(theta1 - (Math.PI / 2)))
            + phi2;
        double ddTheta2 = (torque + (d2 / d1 * phi1) - (m2 * l1 * lc2 * dTheta1 * dTheta1 * Math.Sin(theta2)) - phi2)
            / ((m2 * lc2 * lc2) + i2 - (d2 * d2 / d1));
        double ddTheta1 = -((d2 * ddTheta2) + phi1) / d1;
        ds[0] = dTheta1;
        ds[1] = dTheta2;
        ds[2] = ddTheta1;
        ds[3] = ddTheta2;
    }

    private static void Offset(ReadOnlySpan<double> y, double h, ReadOnlySpan<double> k, Span<double> destination)
    {
        for (int i = 0; i < y.Length; i++)
        {
            destination[i] = y[i] + (h * k[i]);
        }
    }

    // Shifts by whole periods into [low, high], as Gymnasium's wrap (not a modulo: a value on a bound stays).
    private static double Wrap(double x, double low, double high)
    {
        double period = high - low;
        while (x > high)
        {
            x -= period;
        }

        while (x < low)
        {
            x += period;
        }

        return x;
    }

    private void Observe(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(_theta1);
        observation[1] = (float)Math.Sin(_theta1);
        observation[2] = (float)Math.Cos(_theta2);
        observation[3] = (float)Math.Sin(_theta2);
        observation[4] = (float)_dTheta1;
        observation[5] = (float)_dTheta2;
    }
}
