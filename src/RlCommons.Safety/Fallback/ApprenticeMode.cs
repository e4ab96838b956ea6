namespace RlCommons.Safety.Fallback;

/// <summary>
/// Apprentice mode: the baseline acts while the apprentice (the learned policy) proposes; the host lets the
/// apprentice learn from the baseline's logged actions and outcomes. The rate at which proposals match the baseline
/// over a sliding window is tracked, and once it reaches <see cref="ApprenticeOptions.PromotionMatchRate"/> with at
/// least <see cref="ApprenticeOptions.MinimumSample"/> proposals, the apprentice is promoted and acts from then on
/// (falling back to the baseline when it is not ready or throws). <see cref="Promoted"/> is raised once.
/// </summary>
/// <typeparam name="TContext">What the policies see.</typeparam>
/// <remarks>Thread safety: <see cref="Decide"/> is thread-safe when the policies are; the window is updated under a lock and the event is raised outside it.</remarks>
public sealed class ApprenticeMode<TContext>
{
    private readonly Lock _gate = new();
    private readonly IPolicy<TContext> _apprentice;
    private readonly IPolicy<TContext> _baseline;
    private readonly ApprenticeOptions _options;
    private readonly bool[] _window;
    private int _next;
    private int _count;
    private int _matches;
    private volatile bool _promoted;

    /// <summary>Creates apprentice mode.</summary>
    /// <param name="apprentice">The learned policy being trained.</param>
    /// <param name="baseline">The policy that acts until promotion.</param>
    /// <param name="options">The settings; validated.</param>
    public ApprenticeMode(IPolicy<TContext> apprentice, IPolicy<TContext> baseline, ApprenticeOptions options)
    {
        ArgumentNullException.ThrowIfNull(apprentice);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _apprentice = apprentice;
        _baseline = baseline;
        _options = new ApprenticeOptions { Window = options.Window, PromotionMatchRate = options.PromotionMatchRate, MinimumSample = options.MinimumSample };
        _window = new bool[options.Window];
    }

    /// <summary>Raised once, after the decision that reached the promotion criteria.</summary>
    public event EventHandler<ApprenticePromotedEventArgs>? Promoted;

    /// <summary>Whether the apprentice acts.</summary>
    public bool IsPromoted => _promoted;

    /// <summary>The share of proposals in the window that matched the baseline; 0 before any proposal.</summary>
    public double MatchRate
    {
        get
        {
            lock (_gate)
            {
                return _count == 0 ? 0 : (double)_matches / _count;
            }
        }
    }

    /// <summary>The number of proposals in the window.</summary>
    public int Sample
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Decides for <paramref name="context"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>What was done and, before promotion, what the apprentice proposed.</returns>
    public ApprenticeDecision Decide(TContext context)
    {
        if (_promoted)
        {
            return new ApprenticeDecision(ActAsPromoted(context), null, null);
        }

        Decision b = _baseline.Decide(context);
        var acted = new SafeDecision(b, _baseline.Id, DecisionSource.BaselineRouted, b.Propensity);
        Decision? proposal = TryPropose(context);
        if (proposal is not { } p)
        {
            return new ApprenticeDecision(acted, null, null);
        }

        bool matched = p.Action == b.Action;
        ApprenticePromotedEventArgs? promotion = null;
        lock (_gate)
        {
            if (_count == _window.Length)
            {
                _matches -= _window[_next] ? 1 : 0;
            }
            else
            {
                _count++;
            }

            _window[_next] = matched;
            _matches += matched ? 1 : 0;
            _next = (_next + 1) % _window.Length;
            if (!_promoted && _count >= _options.MinimumSample && (double)_matches / _count >= _options.PromotionMatchRate)
            {
                _promoted = true;
                promotion = new ApprenticePromotedEventArgs(_apprentice.Id, (double)_matches / _count, _count);
            }
        }

        if (promotion is not null)
        {
            Promoted?.Invoke(this, promotion);
        }

        return new ApprenticeDecision(acted, p, matched);
    }

    private Decision? TryPropose(TContext context)
    {
        if (!_apprentice.IsReady)
        {
            return null;
        }

        try
        {
            return _apprentice.Decide(context);
        }
#pragma warning disable CA1031 // A failing apprentice must never disturb the acting baseline.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private SafeDecision ActAsPromoted(TContext context)
    {
        if (!_apprentice.IsReady)
        {
            Decision nb = _baseline.Decide(context);
            return new SafeDecision(nb, _baseline.Id, DecisionSource.NotReady, nb.Propensity);
        }

        try
        {
            Decision d = _apprentice.Decide(context);
            return new SafeDecision(d, _apprentice.Id, DecisionSource.Learned, d.Propensity);
        }
#pragma warning disable CA1031 // Any failure falls back to the baseline.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Decision fb = _baseline.Decide(context);
            return new SafeDecision(fb, _baseline.Id, DecisionSource.LearnedFailed, fb.Propensity, ex);
        }
    }
}
