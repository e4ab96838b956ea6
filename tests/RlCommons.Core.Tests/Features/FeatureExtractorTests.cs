using RlCommons.Core.Tests.TestSupport;
using RlCommons.Features;

namespace RlCommons.Core.Tests.Features;

public class FeatureExtractorTests
{
    // Friday 2026-01-02 20:30 UTC is Saturday 02:00 at +05:30.
    private static readonly DateTimeOffset FridayEvening = new(2026, 1, 2, 20, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Constructor_Defaults_DomainPlusBias()
    {
        var extractor = new CopyExtractor(2);

        Assert.Equal(2, extractor.DomainDimension);
        Assert.Equal(3, extractor.Dimension);
        Assert.Null(extractor.Normalizer);
        Assert.True(extractor.UpdateNormalization);
        Assert.Equal([4f, -1f, 1f], extractor.Extract([4.0, -1.0]));
    }

    [Fact]
    public void Constructor_DomainDimensionBelowOne_Throws()
        => Assert.Equal("domainDimension", Assert.Throws<ArgumentOutOfRangeException>(() => new CopyExtractor(0)).ParamName);

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingEveryProblem()
    {
        var options = new FeatureExtractorOptions { NormalizationClip = 0, NormalizationEpsilon = double.NaN, TimeZone = null! };

        var ex = Assert.Throws<ArgumentException>(() => new CopyExtractor(1, options));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("3 problems", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TimeZone must not be null.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NormalizationClip must be a finite number greater than 0, was 0.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NormalizationEpsilon must be a finite number greater than 0, was NaN.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullTimeProvider_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CopyExtractor(1, new FeatureExtractorOptions { TimeProvider = null! }));
        Assert.Equal("TimeProvider", ex.ParamName);
    }

    [Fact]
    public void Extract_OptionsChangedAfterConstruction_KeepsConstructionLayout()
    {
        var options = new FeatureExtractorOptions();
        var extractor = new CopyExtractor(1, options);

        // Dimension was fixed at construction; switching time features on later must not overrun the vector.
        options.IncludeTimeOfDay = true;
        options.IncludeBias = false;

        Assert.Equal([2f, 1f], extractor.Extract([2.0]));
    }

    [Fact]
    public void Options_Defaults_AreDocumentedValues()
    {
        var options = new FeatureExtractorOptions();

        Assert.True(options.IncludeBias);
        Assert.False(options.IncludeTimeOfDay);
        Assert.False(options.Normalize);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Same(TimeZoneInfo.Utc, options.TimeZone);
        Assert.Equal(10.0, options.NormalizationClip);
        Assert.Equal(1e-8, options.NormalizationEpsilon);
    }

    [Fact]
    public void Extract_TimeAndBias_LayoutIsDomainThenTimeThenBias()
    {
        var extractor = new CopyExtractor(2, TimeOptions(FridayEvening, TestTimeZones.Plus0530, bias: true));

        float[] features = extractor.Extract([7.0, -3.0]);

        // Local 02:00: hour angle 2π·2/24 = π/6, and Saturday is a weekend day.
        Assert.Equal(6, extractor.Dimension);
        Assert.Equal(7f, features[0]);
        Assert.Equal(-3f, features[1]);
        Assert.Equal(0.5, features[2], 1e-7);
        Assert.Equal(Math.Sqrt(3) / 2, features[3], 1e-7);
        Assert.Equal(1f, features[4]);
        Assert.Equal(1f, features[5]);
    }

    [Fact]
    public void Extract_TimeWithoutBias_EndsWithWeekendFlag()
    {
        // Monday 03:00 UTC is Sunday 22:00 at −05:00: the local day decides the weekend flag.
        var monday = new DateTimeOffset(2026, 1, 5, 3, 0, 0, TimeSpan.Zero);
        var extractor = new CopyExtractor(1, TimeOptions(monday, TestTimeZones.Minus0500, bias: false));

        float[] features = extractor.Extract([0.5]);

        double angle = 2 * Math.PI * 22 / 24;
        Assert.Equal(4, features.Length);
        Assert.Equal(Math.Sin(angle), features[1], 1e-7);
        Assert.Equal(Math.Cos(angle), features[2], 1e-7);
        Assert.Equal(1f, features[3]);
    }

    [Fact]
    public void Extract_WeekdayInZone_WeekendFlagZero()
    {
        // Saturday 02:00 UTC is still Friday 21:00 at −05:00.
        var saturdayUtc = new DateTimeOffset(2026, 1, 3, 2, 0, 0, TimeSpan.Zero);
        var extractor = new CopyExtractor(1, TimeOptions(saturdayUtc, TestTimeZones.Minus0500, bias: false));

        Assert.Equal(0f, extractor.Extract([0.0])[3]);
    }

    [Theory]
    [InlineData(0, 0.0, 1.0)]
    [InlineData(6, 1.0, 0.0)]
    [InlineData(12, 0.0, -1.0)]
    [InlineData(18, -1.0, 0.0)]
    public void Extract_UtcHours_SinCosOfHourAngle(int hour, double sin, double cos)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 7, hour, 0, 0, TimeSpan.Zero));
        var extractor = new CopyExtractor(1, new FeatureExtractorOptions { IncludeTimeOfDay = true, TimeProvider = clock });

        float[] features = extractor.Extract([0.0]);

        Assert.Equal(sin, features[1], 1e-7);
        Assert.Equal(cos, features[2], 1e-7);
        Assert.Equal(0f, features[3]);
    }

    [Fact]
    public void Extract_ClockMoves_FeaturesFollowIt()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 7, 6, 0, 0, TimeSpan.Zero));
        var extractor = new CopyExtractor(1, new FeatureExtractorOptions { IncludeTimeOfDay = true, TimeProvider = clock });
        Assert.Equal(1.0, extractor.Extract([0.0])[1], 1e-7);

        clock.Advance(TimeSpan.FromHours(12));

        Assert.Equal(-1.0, extractor.Extract([0.0])[1], 1e-7);
    }

    [Fact]
    public void Extract_NoBiasNoTime_OnlyDomain()
    {
        var extractor = new CopyExtractor(2, new FeatureExtractorOptions { IncludeBias = false });

        Assert.Equal(2, extractor.Dimension);
        Assert.Equal([1f, 2f], extractor.Extract([1.0, 2.0]));
    }

    [Fact]
    public void Extract_DomainSpan_ArrivesZeroed()
    {
        var extractor = new CopyExtractor(3);
        float[] destination = [9f, 9f, 9f, 9f];

        // The adapter writes only the first feature; the stale 9s must not leak through.
        extractor.Extract([5.0], destination);

        Assert.Equal([5f, 0f, 0f, 1f], destination);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Extract_WrongDestinationLength_Throws(int length)
    {
        var ex = Assert.Throws<ArgumentException>(() => new CopyExtractor(2).Extract([1.0, 2.0], new float[length]));

        Assert.Equal("destination", ex.ParamName);
        Assert.StartsWith($"The feature vector has 3 components, the destination {length}.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e300)]
    public void Extract_NonFiniteDomainFeature_ThrowsNamingFeatureAndExtractor(double bad)
    {
        var extractor = new CopyExtractor(2, new FeatureExtractorOptions { Normalize = true });

        var ex = Assert.Throws<ArgumentException>(() => extractor.Extract([1.0, bad]));

        Assert.Equal("input", ex.ParamName);
        Assert.StartsWith("Domain feature 1 of CopyExtractor is", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, extractor.Normalizer!.Count);
    }

    [Fact]
    public void Extract_Normalize_UpdatesStatisticsThenNormalizesDomainOnly()
    {
        var extractor = new CopyExtractor(1, new FeatureExtractorOptions { Normalize = true });

        float[] first = extractor.Extract([1.0]);
        float[] second = extractor.Extract([3.0]);

        // After [1], [3]: mean 2, variance 1, so 3 normalizes to 1/sqrt(1 + 1e-8); the bias stays 1.
        Assert.Equal(2, extractor.Normalizer!.Count);
        Assert.Equal([0f, 1f], first);
        Assert.Equal((float)(1 / Math.Sqrt(1 + 1e-8)), second[0]);
        Assert.Equal(1f, second[1]);
    }

    [Fact]
    public void Extract_NormalizeWithClip_ClipsToOption()
    {
        var extractor = new CopyExtractor(1, new FeatureExtractorOptions { Normalize = true, NormalizationClip = 0.5, NormalizationEpsilon = 3 });
        extractor.Extract([1.0]);
        extractor.Extract([3.0]);
        extractor.UpdateNormalization = false;

        // Frozen at mean 2, variance 1: (2.5 − 2) / sqrt(1 + 3) = 0.25, and (10 − 2) / 2 = 4 clips to 0.5.
        Assert.Equal(0.25f, extractor.Extract([2.5])[0]);
        Assert.Equal(0.5f, extractor.Extract([10.0])[0]);
        Assert.Equal(-0.5f, extractor.Extract([-10.0])[0]);
    }

    [Fact]
    public void Extract_UpdateNormalizationOff_StatisticsStayFrozen()
    {
        var extractor = new CopyExtractor(1, new FeatureExtractorOptions { Normalize = true, NormalizationEpsilon = 3 });
        extractor.Extract([1.0]);
        extractor.Extract([3.0]);
        extractor.UpdateNormalization = false;

        float[] a = extractor.Extract([4.0]);
        float[] b = extractor.Extract([4.0]);

        Assert.Equal(2, extractor.Normalizer!.Count);
        Assert.Equal(1f, a[0]);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Extract_UpdateNormalizationOn_RepeatedInputChangesStatistics()
    {
        var extractor = new CopyExtractor(1, new FeatureExtractorOptions { Normalize = true, NormalizationEpsilon = 3 });
        extractor.Extract([1.0]);
        extractor.Extract([3.0]);

        float[] a = extractor.Extract([4.0]);

        // Mean 8/3 and variance 14/9 after adding 4 first.
        double expected = (4 - (8.0 / 3)) / Math.Sqrt((14.0 / 9) + 3);
        Assert.Equal(3, extractor.Normalizer!.Count);
        Assert.Equal((float)expected, a[0]);
    }

    private static FeatureExtractorOptions TimeOptions(DateTimeOffset now, TimeZoneInfo zone, bool bias) => new()
    {
        IncludeTimeOfDay = true,
        IncludeBias = bias,
        TimeProvider = new FakeTimeProvider(now),
        TimeZone = zone,
    };

    /// <summary>Copies as many leading input values as it is given into the domain features.</summary>
    private sealed class CopyExtractor(int domainDimension, FeatureExtractorOptions? options = null)
        : FeatureExtractor<double[]>(domainDimension, options)
    {
        protected override void ExtractDomainFeatures(double[] input, Span<float> destination)
        {
            for (int i = 0; i < input.Length; i++)
            {
                destination[i] = (float)input[i];
            }
        }
    }
}
