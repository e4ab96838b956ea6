using System.Globalization;
using RlCommons.Monitoring.Sequential;

namespace RlCommons.Safety.Guardrails;

/// <summary>
/// Watches one metric of the treated traffic (the learned policy) against the baseline's with an always-valid
/// sequential test (the mSPRT of <see cref="Msprt"/>, checked after every observation), and counts violation signals
/// such as OKR constraint violations. It breaches once, when the treated metric is significantly worse at level α
/// or the violations reach <see cref="GuardrailOptions.MaxViolations"/>, and raises <see cref="Breached"/>.
/// </summary>
/// <remarks>
/// <para>Because the p-value is always valid, the guardrail may look after every decision: a policy that is not
/// worse breaches with probability at most α over an unbounded run (measured rates are in docs/safety.md).</para>
/// <para>Thread safety: all members are thread-safe; <see cref="Breached"/> is raised once, outside the lock, on the
/// thread whose observation caused it.</para>
/// </remarks>
public sealed class Guardrail
{
    private readonly Lock _gate = new();
    private readonly GuardrailOptions _options;
    private readonly TimeProvider _time;
    private SequentialMonitor _monitor;
    private int _violations;
    private GuardrailBreach? _breach;

    /// <summary>Creates a guardrail.</summary>
    /// <param name="options">The settings; validated and copied.</param>
    /// <param name="timeProvider">The clock for breach times.</param>
    public Guardrail(GuardrailOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = new GuardrailOptions
        {
            Name = options.Name,
            Alpha = options.Alpha,
            MixingVariance = options.MixingVariance,
            MinimumCountPerArm = options.MinimumCountPerArm,
            HigherIsBetter = options.HigherIsBetter,
            MaxViolations = options.MaxViolations,
        };
        _time = timeProvider;
        _monitor = NewMonitor();
    }

    /// <summary>Raised once when the guardrail breaches.</summary>
    public event EventHandler<GuardrailBreach>? Breached;

    /// <summary>The guardrail's name.</summary>
    public string Name => _options.Name;

    /// <summary>The breach, or null while the guardrail holds.</summary>
    public GuardrailBreach? Breach
    {
        get
        {
            lock (_gate)
            {
                return _breach;
            }
        }
    }

    /// <summary>The sequential test's current state (control = baseline, treatment = treated).</summary>
    public SequentialResult Current => _monitor.Current();

    /// <summary>Records the metric of a decision made by the treated (learned) policy.</summary>
    /// <param name="value">A finite metric value.</param>
    /// <returns><see langword="true"/> when the guardrail is breached (now or before).</returns>
    public bool RecordTreated(double value) => Observe(value, treated: true);

    /// <summary>Records the metric of a decision made by the baseline.</summary>
    /// <param name="value">A finite metric value.</param>
    /// <returns><see langword="true"/> when the guardrail is breached.</returns>
    public bool RecordBaseline(double value) => Observe(value, treated: false);

    /// <summary>Records a violation signal (for example an OKR constraint the treated policy broke).</summary>
    /// <param name="description">What was violated; part of the breach reason.</param>
    /// <returns><see langword="true"/> when the guardrail is breached.</returns>
    public bool RecordViolation(string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        GuardrailBreach? raised = null;
        lock (_gate)
        {
            _violations++;
            if (_breach is null && _options.MaxViolations > 0 && _violations >= _options.MaxViolations)
            {
                raised = _breach = new GuardrailBreach(
                    _options.Name,
                    string.Create(CultureInfo.InvariantCulture, $"{_violations} violation(s), the last: {description}"),
                    _time.GetUtcNow(),
                    _monitor.Current(),
                    _violations);
            }
        }

        return Raise(raised);
    }

    /// <summary>Starts over for a new treated policy: clears the data, the violations and the breach.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _monitor = NewMonitor();
            _violations = 0;
            _breach = null;
        }
    }

    private bool Observe(double value, bool treated)
    {
        GuardrailBreach? raised = null;
        lock (_gate)
        {
            SequentialResult r = treated ? _monitor.AddTreatment(value) : _monitor.AddControl(value);
            SequentialDecision worse = _options.HigherIsBetter ? SequentialDecision.TreatmentWorse : SequentialDecision.TreatmentBetter;
            if (_breach is null && r.Decision == worse)
            {
                raised = _breach = new GuardrailBreach(
                    _options.Name,
                    string.Create(CultureInfo.InvariantCulture, $"treated mean {r.Treatment.Mean:G6} vs baseline {r.Control.Mean:G6} after {r.Treatment.Count}+{r.Control.Count} observations, always-valid p = {r.PValue:G4} <= {_options.Alpha}"),
                    _time.GetUtcNow(),
                    r,
                    _violations);
            }

            if (_breach is not null && raised is null)
            {
                return true;
            }
        }

        return Raise(raised);
    }

    private bool Raise(GuardrailBreach? raised)
    {
        if (raised is not null)
        {
            Breached?.Invoke(this, raised);
            return true;
        }

        return Breach is not null;
    }

    private SequentialMonitor NewMonitor() => new(new SequentialOptions
    {
        Alpha = _options.Alpha,
        MixingVariance = _options.MixingVariance,
        MinimumCountPerArm = _options.MinimumCountPerArm,
    });
}
