namespace RlCommons.Monitoring.Sequential;

/// <summary>
/// A continuously monitored two-arm test of a difference in means: it takes observations one at a time and may be
/// looked at after every one of them, reporting the always-valid mSPRT p-value (<see cref="Msprt"/>), the asymptotic
/// confidence sequence (<see cref="AsymptoticConfidenceSequence"/>) and a stopping recommendation.
/// </summary>
/// <remarks>
/// <para>Stopping rules at level α: <see cref="SequentialDecision.TreatmentBetter"/> or
/// <see cref="SequentialDecision.TreatmentWorse"/> once the always-valid p-value is at most α (direction from the
/// estimate); <see cref="SequentialDecision.Futile"/> once the confidence sequence lies inside
/// (−<see cref="SequentialOptions.MinimumEffect"/>, +<see cref="SequentialOptions.MinimumEffect"/>). A look counts once
/// each arm has <see cref="SequentialOptions.MinimumCountPerArm"/> observations. Each rule alone keeps its error at α
/// under any number of looks; the decision is sticky once reached.</para>
/// <para>Thread safety: all members are thread-safe (one lock per monitor).</para>
/// </remarks>
public sealed class SequentialMonitor
{
    private readonly Lock _gate = new();
    private readonly SequentialOptions _options;
    private RunningMoments _control;
    private RunningMoments _treatment;
    private double _pValue = 1;
    private SequentialDecision _decision;

    /// <summary>Creates a monitor.</summary>
    /// <param name="options">The settings; validated and copied.</param>
    /// <exception cref="ArgumentException">The options are invalid (all problems are listed).</exception>
    public SequentialMonitor(SequentialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = new SequentialOptions
        {
            Alpha = options.Alpha,
            MixingVariance = options.MixingVariance,
            TuningSampleSize = options.TuningSampleSize,
            MinimumEffect = options.MinimumEffect,
            MinimumCountPerArm = options.MinimumCountPerArm,
        };
    }

    /// <summary>Records an observation of the control arm and returns the state after this look.</summary>
    /// <param name="value">A finite observation.</param>
    /// <returns>The test state.</returns>
    public SequentialResult AddControl(double value) => Add(value, treatment: false);

    /// <summary>Records an observation of the treatment arm and returns the state after this look.</summary>
    /// <param name="value">A finite observation.</param>
    /// <returns>The test state.</returns>
    public SequentialResult AddTreatment(double value) => Add(value, treatment: true);

    /// <summary>The state after the last observation, without recording anything.</summary>
    /// <returns>The test state.</returns>
    public SequentialResult Current()
    {
        lock (_gate)
        {
            return Build(CurrentInterval());
        }
    }

    private SequentialResult Add(double value, bool treatment)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Observations must be finite numbers.");
        }

        lock (_gate)
        {
            if (treatment)
            {
                _treatment.Add(value);
            }
            else
            {
                _control.Add(value);
            }

            return Look();
        }
    }

    private SequentialResult Look()
    {
        SampleSummary a = _control.Summary;
        SampleSummary b = _treatment.Summary;
        if (a.Count < _options.MinimumCountPerArm || b.Count < _options.MinimumCountPerArm)
        {
            return Build(CurrentInterval());
        }

        _pValue = Math.Min(_pValue, Msprt.PValueAtLook(a, b, _options.MixingVariance));
        var interval = AsymptoticConfidenceSequence.DifferenceInMeans(a, b, _options.Alpha, _options.TuningSampleSize);
        if (_decision == SequentialDecision.Continue)
        {
            double difference = b.Mean - a.Mean;
            if (_pValue <= _options.Alpha)
            {
                _decision = difference > 0 ? SequentialDecision.TreatmentBetter : SequentialDecision.TreatmentWorse;
            }
            else if (_options.MinimumEffect > 0 && interval.Low > -_options.MinimumEffect && interval.High < _options.MinimumEffect)
            {
                _decision = SequentialDecision.Futile;
            }
        }

        return Build(interval);
    }

    private Statistics.ConfidenceInterval? CurrentInterval()
    {
        SampleSummary a = _control.Summary;
        SampleSummary b = _treatment.Summary;
        return a.Count >= _options.MinimumCountPerArm && b.Count >= _options.MinimumCountPerArm
            ? AsymptoticConfidenceSequence.DifferenceInMeans(a, b, _options.Alpha, _options.TuningSampleSize)
            : null;
    }

    private SequentialResult Build(Statistics.ConfidenceInterval? interval)
    {
        SampleSummary a = _control.Summary;
        SampleSummary b = _treatment.Summary;
        double difference = a.Count >= 2 && b.Count >= 2 ? b.Mean - a.Mean : double.NaN;
        return new SequentialResult(a, b, difference, _pValue, interval, _decision);
    }
}
