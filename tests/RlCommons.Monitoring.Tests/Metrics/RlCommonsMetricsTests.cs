using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RlCommons.Monitoring.Metrics;
using RlCommons.Monitoring.Tests.TestSupport;

namespace RlCommons.Monitoring.Tests.Metrics;

public sealed class RlCommonsMetricsTests
{
    [Fact]
    public void Instruments_EachRecording_ReachesAMeterListener()
    {
        using var factory = new TestMeterFactory();
        var metrics = new RlCommonsMetrics(factory);
        using var recorder = new MeasurementRecorder(metrics.Meter);

        metrics.RecordDecision("pricing", explored: true);
        metrics.RecordReward("pricing", 2.5, segment: "gold");
        metrics.RecordLoss("pricing", "td", 0.125);
        metrics.RecordSafetyIntervention("max-discount", "block");
        metrics.RecordExposure("checkout-button", "green");

        var byName = recorder.Measurements.ToDictionary(m => m.Instrument.Name);
        Assert.Equal(5, byName.Count);
        Assert.Equal(1, byName["rlcommons.decisions"].Value);
        Assert.Equal(true, byName["rlcommons.decisions"].Tags["explored"]);
        Assert.Equal(2.5, byName["rlcommons.rewards"].Value);
        Assert.Equal("gold", byName["rlcommons.rewards"].Tags["segment"]);
        Assert.Equal(0.125, byName["rlcommons.training.loss"].Value);
        Assert.Equal("td", byName["rlcommons.training.loss"].Tags["loss"]);
        Assert.Equal("max-discount", byName["rlcommons.safety.interventions"].Tags["guard"]);
        Assert.Equal("green", byName["rlcommons.experiment.exposures"].Tags["variant"]);
    }

    [Fact]
    public void Instruments_Names_AreLowercaseDottedWithUnits()
    {
        using var factory = new TestMeterFactory();
        var metrics = new RlCommonsMetrics(factory);
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, _) =>
            {
                if (ReferenceEquals(i.Meter, metrics.Meter))
                {
                    published.Add(i);
                }
            },
        };
        listener.Start();

        Assert.Equal(6, published.Count);
        Assert.All(published, i =>
        {
            Assert.Matches("^rlcommons(\\.[a-z]+)+$", i.Name);
            Assert.False(string.IsNullOrEmpty(i.Unit));
        });
        Assert.Equal("RlCommons", metrics.Meter.Name);
        Assert.Same(factory, metrics.Meter.Scope);
    }

    [Fact]
    public void RecordReward_NoSegment_OmitsTheTag()
    {
        using var metrics = new RlCommonsMetrics();
        using var recorder = new MeasurementRecorder(metrics.Meter);

        metrics.RecordReward("pricing", 1);

        Assert.False(Assert.Single(recorder.Measurements).Tags.ContainsKey("segment"));
    }

    [Fact]
    public void RecordReward_NaN_Throws()
    {
        using var metrics = new RlCommonsMetrics();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => metrics.RecordReward("pricing", double.NaN));

        Assert.Equal("reward", e.ParamName);
    }

    [Fact]
    public void AddRlCommonsMetrics_WithMeterFactory_CreatesTheMeterThroughIt()
    {
        using var factory = new TestMeterFactory();
        var services = new ServiceCollection();
        services.AddSingleton<IMeterFactory>(factory);
        services.AddRlCommonsMetrics();
        services.AddRlCommonsMetrics();

        using ServiceProvider provider = services.BuildServiceProvider();
        RlCommonsMetrics metrics = provider.GetRequiredService<RlCommonsMetrics>();

        Assert.Single(services, d => d.ServiceType == typeof(RlCommonsMetrics));
        Assert.Same(factory, metrics.Meter.Scope);
        Assert.Single(factory.Created);
    }

    [Fact]
    public void AddRlCommonsMetrics_WithoutMeterFactory_OwnsItsMeter()
    {
        var services = new ServiceCollection();
        services.AddRlCommonsMetrics();

        using ServiceProvider provider = services.BuildServiceProvider();
        RlCommonsMetrics metrics = provider.GetRequiredService<RlCommonsMetrics>();

        Assert.Equal(RlCommonsMetrics.MeterName, metrics.Meter.Name);
        Assert.Null(metrics.Meter.Scope);
    }
}
