using System.Diagnostics.Metrics;
using RlCommons.Algorithms.Bandits;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests.Bandits;

public class AgentTelemetryTests
{
    [Fact]
    public void DecideUpdateAndSnapshot_AreCountedOnTheRlCommonsMeter()
    {
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "RlCommons" && instrument.Name is "rlcommons.agent.decisions" or "rlcommons.agent.updates" or "rlcommons.snapshot.saves" or "rlcommons.snapshot.loads")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if ((tag.Key is "agent" or "type") && tag.Value is "RlCommons.Ucb1Bandit")
                {
                    lock (counts)
                    {
                        counts[instrument.Name] = counts.GetValueOrDefault(instrument.Name) + value;
                    }
                }
            }
        });
        listener.Start();

        var bandit = new Ucb1Bandit(new Ucb1Options { ArmCount = 3, Seed = 1 });
        for (int i = 0; i < 5; i++)
        {
            bandit.Update(bandit.Decide().Action, 1);
        }

        byte[] bytes = Snapshot.ToBytes(bandit);
        Snapshot.Load(new Ucb1Bandit(new Ucb1Options { ArmCount = 3 }), bytes);

        // Other tests may run in parallel on the same meter: at least this test's own measurements arrived.
        Assert.True(counts.GetValueOrDefault("rlcommons.agent.decisions") >= 5);
        Assert.True(counts.GetValueOrDefault("rlcommons.agent.updates") >= 5);
        Assert.True(counts.GetValueOrDefault("rlcommons.snapshot.saves") >= 1);
        Assert.True(counts.GetValueOrDefault("rlcommons.snapshot.loads") >= 1);
    }
}
