using RlCommons.Safety.Fallback;

namespace RlCommons.Safety.Tests.TestSupport;

/// <summary>A policy with a fixed answer that can be made unready or failing; thread-safe.</summary>
internal sealed class StubPolicy(string id, int action, double propensity = 1) : IPolicy<int>
{
    private long _calls;

    public string Id { get; } = id;

    public bool IsReady { get; set; } = true;

    public Exception? Failure { get; set; }

    public long Calls => Interlocked.Read(ref _calls);

    public Decision Decide(int context)
    {
        long n = Interlocked.Increment(ref _calls);
        if (Failure is { } f)
        {
            throw f;
        }

        return new Decision(action, propensity, 0, false, n, 0);
    }
}
