using System.Globalization;
using RlCommons.Safety.Registry;

namespace RlCommons.Safety.Adjustment;

/// <summary>
/// Adjusts a <see cref="NumericPolicy"/> safely: propose → validate (bounds, maximum step, rate limit per period) →
/// apply automatically when small, otherwise queue for human approval → snapshot to the registry before applying →
/// history. High-stakes proposals go through an approval callback that is denied when it does not answer within
/// <see cref="AdjustmentOptions.ApprovalTimeout"/> (measured on the injected <see cref="TimeProvider"/>).
/// </summary>
/// <remarks>Thread safety: all members are thread-safe (one lock; the approval callback runs outside it and the
/// proposal is validated again before it is applied).</remarks>
public sealed class PolicyAdjustmentEngine
{
    private readonly Lock _gate = new();
    private readonly NumericPolicy _policy;
    private readonly PolicyRegistry _registry;
    private readonly AdjustmentOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<AdjustmentProposal, CancellationToken, Task<bool>>? _approve;
    private readonly List<AdjustmentRecord> _history = [];
    private readonly Queue<DateTimeOffset> _applied = new();
    private long _nextId;

    /// <summary>Creates an engine.</summary>
    /// <param name="policy">The policy to adjust.</param>
    /// <param name="registry">Where the state before each change is snapshotted.</param>
    /// <param name="options">The settings; validated.</param>
    /// <param name="timeProvider">The clock for the rate limit, history and approval timeout.</param>
    /// <param name="approve">The approval callback for high-stakes proposals; without it they are denied.</param>
    public PolicyAdjustmentEngine(NumericPolicy policy, PolicyRegistry registry, AdjustmentOptions options, TimeProvider timeProvider, Func<AdjustmentProposal, CancellationToken, Task<bool>>? approve = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _policy = policy;
        _registry = registry;
        _options = options;
        _time = timeProvider;
        _approve = approve;
    }

    /// <summary>Every adjustment so far with its latest status, oldest first.</summary>
    public IReadOnlyList<AdjustmentRecord> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>The adjustments waiting for approval.</summary>
    public IReadOnlyList<AdjustmentRecord> Pending
    {
        get
        {
            lock (_gate)
            {
                return [.. _history.Where(r => r.Status == AdjustmentStatus.PendingApproval)];
            }
        }
    }

    /// <summary>Validates a proposal and applies it when small, queues it when large. High-stakes proposals need <see cref="ProposeAsync"/>.</summary>
    /// <param name="proposal">The proposal.</param>
    /// <returns>The record: <see cref="AdjustmentStatus.Applied"/>, <see cref="AdjustmentStatus.PendingApproval"/> or <see cref="AdjustmentStatus.Rejected"/>.</returns>
    /// <exception cref="InvalidOperationException">The proposal is high-stakes.</exception>
    public AdjustmentRecord Propose(AdjustmentProposal proposal)
    {
        Check(proposal);
        if (proposal.HighStakes)
        {
            throw new InvalidOperationException("High-stakes proposals go through the approval callback: use ProposeAsync.");
        }

        lock (_gate)
        {
            long id = ++_nextId;
            (List<string> problems, double size) = Validate(proposal);
            if (problems.Count > 0)
            {
                return Add(new AdjustmentRecord(id, proposal, AdjustmentStatus.Rejected, _time.GetUtcNow(), problems, size, null, null));
            }

            return size <= _options.AutoApplyMaxSize
                ? Add(ApplyLocked(id, proposal, size, decidedBy: null))
                : Add(new AdjustmentRecord(id, proposal, AdjustmentStatus.PendingApproval, _time.GetUtcNow(), [], size, null, null));
        }
    }

    /// <summary>Like <see cref="Propose"/>, but a high-stakes proposal is sent to the approval callback and denied when it refuses, throws or does not answer within the timeout.</summary>
    /// <param name="proposal">The proposal.</param>
    /// <param name="cancellationToken">Cancels the wait for approval (the proposal is then denied).</param>
    /// <returns>The record.</returns>
    public async Task<AdjustmentRecord> ProposeAsync(AdjustmentProposal proposal, CancellationToken cancellationToken = default)
    {
        Check(proposal);
        if (!proposal.HighStakes)
        {
            return Propose(proposal);
        }

        long id;
        double size;
        lock (_gate)
        {
            id = ++_nextId;
            (List<string> problems, size) = Validate(proposal);
            if (problems.Count > 0)
            {
                return Add(new AdjustmentRecord(id, proposal, AdjustmentStatus.Rejected, _time.GetUtcNow(), problems, size, null, null));
            }
        }

        string? denial = _approve is null ? "no approval callback is configured" : await AskAsync(proposal, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (denial is not null)
            {
                return Add(new AdjustmentRecord(id, proposal, AdjustmentStatus.Denied, _time.GetUtcNow(), [denial], size, null, "approval-callback"));
            }

            (List<string> problems, double sizeNow) = Validate(proposal);
            return problems.Count > 0
                ? Add(new AdjustmentRecord(id, proposal, AdjustmentStatus.Rejected, _time.GetUtcNow(), problems, sizeNow, null, "approval-callback"))
                : Add(ApplyLocked(id, proposal, sizeNow, "approval-callback"));
        }
    }

    /// <summary>Approves a pending adjustment: it is validated again against the current policy and rate limit, then applied.</summary>
    /// <param name="id">The pending adjustment's id.</param>
    /// <param name="approver">Who approves.</param>
    /// <returns>The new record (<see cref="AdjustmentStatus.Applied"/> or <see cref="AdjustmentStatus.Rejected"/>).</returns>
    /// <exception cref="InvalidOperationException">No adjustment with that id is pending.</exception>
    public AdjustmentRecord Approve(long id, string approver)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        lock (_gate)
        {
            AdjustmentRecord pending = TakePending(id);
            (List<string> problems, double size) = Validate(pending.Proposal);
            return problems.Count > 0
                ? Replace(pending, new AdjustmentRecord(id, pending.Proposal, AdjustmentStatus.Rejected, _time.GetUtcNow(), problems, size, null, approver))
                : Replace(pending, ApplyLocked(id, pending.Proposal, size, approver));
        }
    }

    /// <summary>Denies a pending adjustment.</summary>
    /// <param name="id">The pending adjustment's id.</param>
    /// <param name="approver">Who denies it.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The new record.</returns>
    /// <exception cref="InvalidOperationException">No adjustment with that id is pending.</exception>
    public AdjustmentRecord Deny(long id, string approver, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_gate)
        {
            AdjustmentRecord pending = TakePending(id);
            return Replace(pending, pending with { Status = AdjustmentStatus.Denied, At = _time.GetUtcNow(), Problems = [reason], DecidedBy = approver });
        }
    }

    private async Task<string?> AskAsync(AdjustmentProposal proposal, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<bool> answer;
        try
        {
            answer = _approve!(proposal, timeout.Token);
        }
#pragma warning disable CA1031 // A failing approver denies; it must not apply the change.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return "the approval callback failed: " + ex.Message;
        }

        Task delay = Task.Delay(_options.ApprovalTimeout, _time, timeout.Token);
        Task first = await Task.WhenAny(answer, delay).ConfigureAwait(false);
        if (first != answer)
        {
            await timeout.CancelAsync().ConfigureAwait(false);
            return cancellationToken.IsCancellationRequested
                ? "the wait for approval was cancelled"
                : string.Create(CultureInfo.InvariantCulture, $"no approval within {_options.ApprovalTimeout}");
        }

        await timeout.CancelAsync().ConfigureAwait(false);
        try
        {
            return await answer.ConfigureAwait(false) ? null : "the approver refused";
        }
#pragma warning disable CA1031 // See above.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return "the approval callback failed: " + ex.Message;
        }
    }

    private static void Check(AdjustmentProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(proposal.NewValues, nameof(proposal));
        if (proposal.NewValues.Count == 0)
        {
            throw new ArgumentException("A proposal must change at least one parameter.", nameof(proposal));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(proposal.Proposer, nameof(proposal));
        ArgumentException.ThrowIfNullOrWhiteSpace(proposal.Reason, nameof(proposal));
    }

    private (List<string> Problems, double Size) Validate(AdjustmentProposal proposal)
    {
        var problems = new List<string>();
        double size = 0;
        IReadOnlyDictionary<string, double> current = _policy.Values;
        foreach ((string name, double value) in proposal.NewValues)
        {
            if (!current.TryGetValue(name, out double now))
            {
                problems.Add($"'{name}' is not a parameter of the policy.");
                continue;
            }

            if (!_options.Limits.TryGetValue(name, out ParameterLimits? limits))
            {
                problems.Add($"'{name}' has no limits configured, so it cannot be adjusted.");
                continue;
            }

            if (!double.IsFinite(value) || value < limits.Min || value > limits.Max)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"'{name}' = {value} is outside [{limits.Min}, {limits.Max}]."));
            }

            double step = Math.Abs(value - now);
            if (step > limits.MaxStep)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"'{name}' would change by {step}, more than the maximum step {limits.MaxStep}."));
            }

            size = Math.Max(size, step / (limits.Max - limits.Min));
        }

        DateTimeOffset t = _time.GetUtcNow();
        while (_applied.Count > 0 && t - _applied.Peek() >= _options.RatePeriod)
        {
            _applied.Dequeue();
        }

        if (_applied.Count >= _options.MaxAppliedPerPeriod)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Rate limit: {_applied.Count} adjustments were applied in the last {_options.RatePeriod}."));
        }

        return (problems, size);
    }

    private AdjustmentRecord ApplyLocked(long id, AdjustmentProposal proposal, double size, string? decidedBy)
    {
        // The state before the change goes to the registry first, so any adjustment can be undone by a rollback.
        PolicyVersion before = _registry.Register(_policy, proposal.Proposer, string.Create(CultureInfo.InvariantCulture, $"before adjustment {id}: {proposal.Reason}"));
        foreach ((string name, double value) in proposal.NewValues)
        {
            _policy.Set(name, value);
        }

        DateTimeOffset now = _time.GetUtcNow();
        _applied.Enqueue(now);
        return new AdjustmentRecord(id, proposal, AdjustmentStatus.Applied, now, [], size, before.Number, decidedBy);
    }

    private AdjustmentRecord TakePending(long id)
    {
        AdjustmentRecord? pending = _history.FirstOrDefault(r => r.Id == id && r.Status == AdjustmentStatus.PendingApproval);
        return pending ?? throw new InvalidOperationException($"No adjustment {id} is pending approval.");
    }

    private AdjustmentRecord Add(AdjustmentRecord record)
    {
        _history.Add(record);
        return record;
    }

    private AdjustmentRecord Replace(AdjustmentRecord old, AdjustmentRecord record)
    {
        _history[_history.IndexOf(old)] = record;
        return record;
    }
}
