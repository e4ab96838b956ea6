using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RlCommons.Decisions;
using RlCommons.Policies;

namespace RlCommons.Safety.Fallback;

/// <summary>
/// Apprentice mode: the baseline acts while the apprentice (the learned policy) proposes; the host lets the
/// apprentice learn from the baseline's logged actions and outcomes. The rate at which proposals match the baseline
/// over a sliding window is tracked, and once it reaches <see cref="ApprenticeOptions.PromotionMatchRate"/> with at
/// least <see cref="ApprenticeOptions.MinimumSample"/> proposals, the apprentice is promoted and acts from then on
/// (falling back to the baseline when it is not ready or fails). <see cref="Promoted"/> is raised once. The mode is
/// itself an <see cref="IPolicy"/>.
/// </summary>
/// <remarks>
/// <para><b>Proposals</b> cost the apprentice no decision: a proposal is the apprentice's greedy action, the most probable
/// action of its <see cref="IPolicy.GetProbabilities"/> with <c>explore: false</c> (ties go to the smallest index).</para>
/// <para><b>Propensity.</b> The route is fixed by the promotion state, so the propensity is exact: before promotion the
/// baseline's <c>P_B(a)</c> (<see cref="DecisionSource.Baseline"/>); after it the apprentice's <c>P_A(a)</c>
/// (<see cref="DecisionSource.Learned"/>), or <c>P_B(a)</c> when the baseline acts for it
/// (<see cref="DecisionSource.NotReady"/>, <see cref="DecisionSource.LearnedFailed"/>).</para>
/// <para><b>Failures.</b> An apprentice that throws or returns invalid output (see <see cref="SafeSelector"/>) is counted in
/// <see cref="ApprenticeFailures"/> and logged (event 7002): before promotion its proposal is skipped, after it the baseline acts.</para>
/// <para>Thread safety: <see cref="Decide(ReadOnlySpan{float}, Span{double}, bool)"/> is thread-safe when the policies are; the window is updated under a lock and the event is raised outside it.</para>
/// </remarks>
public sealed class ApprenticeMode : IPolicy
{
    private readonly Lock _gate = new();
    private readonly IPolicy _apprentice;
    private readonly IPolicy _baseline;
    private readonly string _apprenticeId;
    private readonly Func<bool>? _isReady;
    private readonly double _promotionMatchRate;
    private readonly int _minimumSample;
    private readonly ILogger _logger;
    private readonly bool[] _window;
    private int _next;
    private int _count;
    private int _matches;
    private long _failures;
    private volatile bool _promoted;

    /// <summary>Creates apprentice mode.</summary>
    /// <param name="apprentice">The learned policy being trained.</param>
    /// <param name="baseline">The policy that acts until promotion; same action count as the apprentice.</param>
    /// <param name="options">The settings; validated and copied.</param>
    /// <param name="logger">Receives a message for every failure of the apprentice; none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid, or the policies disagree on the action or feature count.</exception>
    public ApprenticeMode(IPolicy apprentice, IPolicy baseline, ApprenticeOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(apprentice);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (ActionCount, FeatureCount) = PolicyOutput.Shape(nameof(apprentice), apprentice, baseline);
        _apprentice = apprentice;
        _baseline = baseline;
        _apprenticeId = options.ApprenticeId;
        _isReady = options.IsApprenticeReady;
        _promotionMatchRate = options.PromotionMatchRate;
        _minimumSample = options.MinimumSample;
        _window = new bool[options.Window];
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Raised once, after the decision that reached the promotion criteria.</summary>
    public event EventHandler<ApprenticePromotedEventArgs>? Promoted;

    /// <inheritdoc/>
    public int ActionCount { get; }

    /// <inheritdoc/>
    public int FeatureCount { get; }

    /// <summary>Whether the apprentice acts.</summary>
    public bool IsPromoted => _promoted;

    /// <summary>How many times the apprentice failed (threw or returned invalid output) so far.</summary>
    public long ApprenticeFailures => Interlocked.Read(ref _failures);

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

    /// <inheritdoc/>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        => Decide(features, probabilities, explore, out _);

    /// <summary>Decides, and reports what the apprentice proposed.</summary>
    /// <param name="features">The features.</param>
    /// <param name="probabilities">Empty, or at least <see cref="ActionCount"/> long: then it receives the distribution the action was drawn from (the acting member's).</param>
    /// <param name="explore">Passed on to the member that acts.</param>
    /// <param name="proposal">Before promotion, the apprentice's greedy action (compare it with the returned action to see whether it matched); −1 when it was not ready, failed, or is promoted.</param>
    /// <returns>The acting member's decision with its <see cref="Decision.Source"/>.</returns>
    /// <exception cref="ArgumentException">The features or the buffer are invalid.</exception>
    /// <exception cref="InvalidOperationException">The baseline returned an invalid decision.</exception>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore, out int proposal)
    {
        PolicyOutput.CheckFeatures(features, FeatureCount);
        PolicyOutput.CheckBuffer(probabilities, ActionCount, required: false);
        int n = ActionCount;
        Span<double> p = n <= PolicyOutput.StackLimit ? stackalloc double[n] : new double[n];
        proposal = -1;
        if (_promoted)
        {
            Decision acted = ActAsPromoted(features, p, explore);
            PolicyOutput.CopyOut(p, probabilities);
            return acted;
        }

        Decision b = DecideBaseline(features, p, explore, DecisionSource.Baseline);
        PolicyOutput.CopyOut(p, probabilities);
        if (!TryPropose(features, p, out proposal))
        {
            return b;
        }

        bool matched = proposal == b.Action;
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
            if (!_promoted && _count >= _minimumSample && (double)_matches / _count >= _promotionMatchRate)
            {
                _promoted = true;
                promotion = new ApprenticePromotedEventArgs(_apprenticeId, (double)_matches / _count, _count);
            }
        }

        if (promotion is not null)
        {
            Promoted?.Invoke(this, promotion);
        }

        return b;
    }

    /// <inheritdoc/>
    /// <remarks>The baseline's distribution before promotion; after it the apprentice's, or the baseline's when the apprentice is not ready or fails. Nothing is counted.</remarks>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        PolicyOutput.CheckFeatures(features, FeatureCount);
        PolicyOutput.CheckBuffer(probabilities, ActionCount, required: true);
        Span<double> p = probabilities[..ActionCount];
        if (_promoted && Ready(count: false))
        {
            try
            {
                _apprentice.GetProbabilities(features, p, explore);
                if (PolicyOutput.CheckDistribution(p) is null)
                {
                    return;
                }
            }
#pragma warning disable CA1031 // A failing apprentice means the baseline acts.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        _baseline.GetProbabilities(features, p, explore);
        if (PolicyOutput.CheckDistribution(p) is { } problem)
        {
            throw new InvalidOperationException($"The baseline returned invalid probabilities: {problem}.");
        }
    }

    private bool TryPropose(ReadOnlySpan<float> features, Span<double> p, out int proposal)
    {
        proposal = -1;
        if (!Ready(count: true))
        {
            return false;
        }

        try
        {
            _apprentice.GetProbabilities(features, p, explore: false);
            if (PolicyOutput.CheckDistribution(p) is { } problem)
            {
                throw new InvalidOperationException($"Policy '{_apprenticeId}' returned invalid probabilities: {problem}.");
            }
        }
#pragma warning disable CA1031 // A failing apprentice must never disturb the acting baseline.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(ex);
            return false;
        }

        proposal = PolicyOutput.ArgMax(p);
        return true;
    }

    private Decision ActAsPromoted(ReadOnlySpan<float> features, Span<double> p, bool explore)
    {
        if (!Ready(count: true))
        {
            return DecideBaseline(features, p, explore, DecisionSource.NotReady);
        }

        try
        {
            Decision d = _apprentice.Decide(features, p, explore);
            if (PolicyOutput.CheckDecision(d, p) is not { } problem)
            {
                return d with { Source = DecisionSource.Learned };
            }

            Fail(new InvalidOperationException($"Policy '{_apprenticeId}' returned an invalid decision: {problem}."));
        }
#pragma warning disable CA1031 // Any failure falls back to the baseline.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(ex);
        }

        return DecideBaseline(features, p, explore, DecisionSource.LearnedFailed);
    }

    private Decision DecideBaseline(ReadOnlySpan<float> features, Span<double> p, bool explore, DecisionSource source)
    {
        Decision b = _baseline.Decide(features, p, explore);
        if (PolicyOutput.CheckDecision(b, p) is { } problem)
        {
            throw new InvalidOperationException($"The baseline returned an invalid decision: {problem}.");
        }

        return b with { Source = source };
    }

    private bool Ready(bool count)
    {
        try
        {
            return _isReady?.Invoke() != false;
        }
#pragma warning disable CA1031 // A readiness check that throws means not ready.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (count)
            {
                Fail(ex);
            }

            return false;
        }
    }

    private void Fail(Exception error)
    {
        Interlocked.Increment(ref _failures);
        Log.PolicyFailed(_logger, _apprenticeId, error.Message, error);
    }
}
