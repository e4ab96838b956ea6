using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RlCommons.Safety.Registry;
using RlCommons.Safety.Rollout;

namespace RlCommons.Safety.Guardrails;

/// <summary>
/// Rolls a policy back when a watched <see cref="Guardrail"/> breaches: to the registry's last good version
/// (<see cref="PolicyRegistry.LastGoodVersion"/>), or to the baseline when there is none (the registry's current
/// version is withdrawn and the kill switch is engaged for the policy). The reason goes to the registry's audit trail
/// with the actor <c>guardrail:&lt;name&gt;</c>, <see cref="RolledBack"/> is raised, and the guardrail is reset to watch
/// the restored version.
/// </summary>
/// <remarks>Thread safety: breaches are handled one at a time under a lock; the activation callback runs inside it.</remarks>
public sealed class AutomaticRollback
{
    private readonly Lock _gate = new();
    private readonly PolicyRegistry _registry;
    private readonly KillSwitch _killSwitch;
    private readonly string _policyId;
    private readonly Action<int?> _activate;
    private readonly ILogger _logger;

    /// <summary>Creates the rollback wiring.</summary>
    /// <param name="registry">The policy's registry.</param>
    /// <param name="killSwitch">The kill switch engaged for <paramref name="policyId"/> on a rollback to the baseline.</param>
    /// <param name="policyId">The learned policy's id.</param>
    /// <param name="activate">Makes a version act (for example restores it and calls <c>SafeSelector.ReplaceLearned</c>); called with null when the baseline takes over.</param>
    /// <param name="logger">Logs each rollback as a warning (event id 7001); nothing is logged when null.</param>
    public AutomaticRollback(PolicyRegistry registry, KillSwitch killSwitch, string policyId, Action<int?> activate, ILogger<AutomaticRollback>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(killSwitch);
        ArgumentException.ThrowIfNullOrWhiteSpace(policyId);
        ArgumentNullException.ThrowIfNull(activate);
        _registry = registry;
        _killSwitch = killSwitch;
        _policyId = policyId;
        _activate = activate;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Raised after each rollback.</summary>
    public event EventHandler<RollbackEventArgs>? RolledBack;

    /// <summary>Rolls back whenever <paramref name="guardrail"/> breaches.</summary>
    /// <param name="guardrail">The guardrail to watch.</param>
    public void Watch(Guardrail guardrail)
    {
        ArgumentNullException.ThrowIfNull(guardrail);
        guardrail.Breached += (sender, breach) => Handle((Guardrail)sender!, breach);
    }

    private void Handle(Guardrail guardrail, GuardrailBreach breach)
    {
        RollbackEventArgs args;
        lock (_gate)
        {
            string actor = "guardrail:" + breach.Guardrail;
            int? from = _registry.CurrentVersion;
            int? to = _registry.LastGoodVersion;
            if (to is int good)
            {
                _registry.Rollback(good, actor, breach.Reason);
            }
            else
            {
                _registry.RollbackToBaseline(actor, breach.Reason);
                _killSwitch.Engage(_policyId);
            }

            _activate(to);
            guardrail.Reset();
            args = new RollbackEventArgs(breach, from, to);
        }

        Log.RolledBack(_logger, breach.Guardrail, breach.Reason, args.FromVersion, args.ToVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the baseline");

        RolledBack?.Invoke(this, args);
    }
}
