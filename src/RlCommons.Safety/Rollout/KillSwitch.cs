using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RlCommons.Safety.Rollout;

/// <summary>
/// Stops learned policies from acting: globally, per policy id, or forced by a flag source read on every decision
/// (the <c>FORCE_BASELINE</c> idea: a host maps an environment variable, a configuration key or a feature flag to
/// <see cref="KillSwitch(Func{bool}, ILogger)"/>'s source without this package depending on any configuration library).
/// </summary>
/// <remarks>
/// <para>Effective on the next decision: components read the switch once, when a decision starts, so a decision that
/// starts after <see cref="Engage()"/> returns never uses a learned policy.</para>
/// <para>Fail-safe: a forcing source that throws counts as engaged; the failure is counted in
/// <see cref="SourceFailures"/> and logged (event 7003), and never reaches the caller.</para>
/// <para>Thread safety: all members are thread-safe; the state is published with full fences.</para>
/// </remarks>
public sealed class KillSwitch
{
    private readonly ConcurrentDictionary<string, bool> _engagedPolicies = new(StringComparer.Ordinal);
    private readonly Func<bool>? _forceBaseline;
    private readonly ILogger _logger;
    private int _global;
    private long _sourceFailures;

    /// <summary>Creates a released kill switch with no forcing source.</summary>
    public KillSwitch()
    {
        _logger = NullLogger.Instance;
    }

    /// <summary>Creates a kill switch that is also engaged whenever <paramref name="forceBaseline"/> returns true.</summary>
    /// <param name="forceBaseline">Read on every check; must be cheap and thread-safe (for example a cached configuration value). When it throws, the switch counts as engaged.</param>
    /// <param name="logger">Receives a message for every failure of <paramref name="forceBaseline"/>; none when null.</param>
    public KillSwitch(Func<bool> forceBaseline, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(forceBaseline);
        _forceBaseline = forceBaseline;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Raised after the state changes through <see cref="Engage()"/>, <see cref="Release()"/> or their per-policy forms. The argument is the policy id, or null for the global switch.</summary>
    public event EventHandler<string?>? Changed;

    /// <summary>Whether the global switch is engaged (by <see cref="Engage()"/> or the forcing source; a source that throws counts as engaged).</summary>
    public bool IsGloballyEngaged => Volatile.Read(ref _global) != 0 || Forced();

    /// <summary>How many times the forcing source threw (each time the switch counted as engaged).</summary>
    public long SourceFailures => Interlocked.Read(ref _sourceFailures);

    /// <summary>Engages the global switch: no learned policy acts from the next decision on.</summary>
    public void Engage()
    {
        Interlocked.Exchange(ref _global, 1);
        Changed?.Invoke(this, null);
    }

    /// <summary>Releases the global switch (the forcing source, if any, still applies).</summary>
    public void Release()
    {
        Interlocked.Exchange(ref _global, 0);
        Changed?.Invoke(this, null);
    }

    /// <summary>Engages the switch for one policy.</summary>
    /// <param name="policyId">The policy id; not empty.</param>
    public void Engage(string policyId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyId);
        _engagedPolicies[policyId] = true;
        Interlocked.MemoryBarrier();
        Changed?.Invoke(this, policyId);
    }

    /// <summary>Releases the switch for one policy.</summary>
    /// <param name="policyId">The policy id; not empty.</param>
    public void Release(string policyId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyId);
        _engagedPolicies.TryRemove(policyId, out _);
        Interlocked.MemoryBarrier();
        Changed?.Invoke(this, policyId);
    }

    /// <summary>Whether <paramref name="policyId"/> must not act: the global switch, the forcing source or its own switch is engaged.</summary>
    /// <param name="policyId">The policy id.</param>
    /// <returns><see langword="true"/> when the policy is stopped.</returns>
    public bool IsEngaged(string policyId)
    {
        ArgumentNullException.ThrowIfNull(policyId);
        return IsGloballyEngaged || _engagedPolicies.ContainsKey(policyId);
    }

    private bool Forced()
    {
        if (_forceBaseline is null)
        {
            return false;
        }

        try
        {
            return _forceBaseline();
        }
#pragma warning disable CA1031 // Fail-safe: whatever the flag source throws, the baseline acts and the caller carries on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _sourceFailures);
            Log.KillSwitchSourceFailed(_logger, ex);
            return true;
        }
    }
}
