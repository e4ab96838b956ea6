using RlCommons.Monitoring.Sequential;

namespace RlCommons.Monitoring.Tests.Sequential;

public sealed class SequentialMonitorTests
{
    private const int Runs = 200;
    private const int PerArm = 1500;

    [Fact]
    public void ContinuousPeeking_NoTrueEffect_TypeOneErrorAtMostAlpha()
    {
        // Look after every observation of 200 seeded null experiments. The naive z-test peeked the same way is the
        // contrast that shows the simulation can detect inflation.
        int msprtRejections = 0, csRejections = 0, naiveRejections = 0;
        for (int run = 0; run < Runs; run++)
        {
            var monitor = new SequentialMonitor(new SequentialOptions { MixingVariance = 0.01 });
            var noise = new Gaussian((ulong)run + 1);
            bool cs = false, naive = false;
            for (int i = 0; i < PerArm; i++)
            {
                monitor.AddControl(noise.Next());
                SequentialResult r = monitor.AddTreatment(noise.Next());
                if (r.Interval is { } ci)
                {
                    cs |= ci.Low > 0 || ci.High < 0;
                    double z = r.Difference / Math.Sqrt(r.Control.VarianceOfMean + r.Treatment.VarianceOfMean);
                    naive |= Math.Abs(z) > 1.959963984540054;
                }
            }

            msprtRejections += monitor.Current().Decision == SequentialDecision.Continue ? 0 : 1;
            csRejections += cs ? 1 : 0;
            naiveRejections += naive ? 1 : 0;
        }

        Assert.True(msprtRejections <= 0.05 * Runs, $"mSPRT rejected {msprtRejections} of {Runs}");
        Assert.True(csRejections <= 0.05 * Runs, $"confidence sequence excluded 0 in {csRejections} of {Runs}");
        Assert.True(naiveRejections > 0.15 * Runs, $"naive peeking rejected only {naiveRejections} of {Runs}");
    }

    [Fact]
    public void AddTreatment_ClearlyBetterTreatment_StopsForWinnerEarly()
    {
        var monitor = new SequentialMonitor(new SequentialOptions { MixingVariance = 0.25 });
        var noise = new Gaussian(7);
        SequentialResult? result = null;
        int n = 0;
        while (n < 2000 && result?.Decision is null or SequentialDecision.Continue)
        {
            monitor.AddControl(noise.Next());
            result = monitor.AddTreatment(noise.Next(0.5));
            n++;
        }

        Assert.Equal(SequentialDecision.TreatmentBetter, result!.Decision);
        Assert.True(n < 300, $"took {n} observations per arm");
        Assert.True(result.PValue <= 0.05);
    }

    [Fact]
    public void AddTreatment_ClearlyWorseTreatment_StopsAsWorse()
    {
        var monitor = new SequentialMonitor(new SequentialOptions { MixingVariance = 0.25 });
        var noise = new Gaussian(8);
        SequentialResult result;
        do
        {
            monitor.AddControl(noise.Next());
            result = monitor.AddTreatment(noise.Next(-0.5));
        }
        while (result.Decision == SequentialDecision.Continue && result.Treatment.Count < 2000);

        Assert.Equal(SequentialDecision.TreatmentWorse, result.Decision);
    }

    [Fact]
    public void AddTreatment_NoEffectWithMinimumEffect_StopsForFutility()
    {
        var monitor = new SequentialMonitor(new SequentialOptions { MixingVariance = 0.01, MinimumEffect = 0.5, TuningSampleSize = 500 });
        var noise = new Gaussian(9);
        SequentialResult result;
        do
        {
            monitor.AddControl(noise.Next());
            result = monitor.AddTreatment(noise.Next());
        }
        while (result.Decision == SequentialDecision.Continue && result.Treatment.Count < 5000);

        Assert.Equal(SequentialDecision.Futile, result.Decision);
        Assert.True(result.Interval!.Low > -0.5 && result.Interval.High < 0.5);
    }

    [Fact]
    public void Current_BelowMinimumCount_ContinuesWithPValueOne()
    {
        var monitor = new SequentialMonitor(new SequentialOptions());
        for (int i = 0; i < 9; i++)
        {
            monitor.AddControl(i);
            monitor.AddTreatment(100 + i);
        }

        SequentialResult r = monitor.Current();
        Assert.Equal(SequentialDecision.Continue, r.Decision);
        Assert.Equal(1.0, r.PValue);
        Assert.Null(r.Interval);
    }

    [Fact]
    public void PValue_AcrossLooks_NeverIncreases()
    {
        var monitor = new SequentialMonitor(new SequentialOptions { MixingVariance = 0.04 });
        var noise = new Gaussian(11);
        double previous = 1;
        for (int i = 0; i < 500; i++)
        {
            monitor.AddControl(noise.Next());
            double p = monitor.AddTreatment(noise.Next(0.05)).PValue;
            Assert.True(p <= previous);
            previous = p;
        }
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SequentialMonitor(new SequentialOptions { Alpha = 2, MixingVariance = -1, MinimumCountPerArm = 1 }));

        Assert.Contains("Alpha", ex.Message);
        Assert.Contains("MixingVariance", ex.Message);
        Assert.Contains("MinimumCountPerArm", ex.Message);
    }

    [Fact]
    public void AddControl_NonFiniteValue_Throws()
    {
        var monitor = new SequentialMonitor(new SequentialOptions());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => monitor.AddControl(double.NaN));
        Assert.Equal("value", ex.ParamName);
    }
}
