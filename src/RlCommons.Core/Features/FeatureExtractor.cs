namespace RlCommons.Features;

/// <summary>
/// Turns a domain object into the feature vector an agent consumes: the domain features an adapter writes
/// (<see cref="ExtractDomainFeatures"/>), optionally normalized by running statistics, followed by the common
/// features the options ask for (time of day, then the bias).
/// </summary>
/// <typeparam name="TInput">The domain object (a request, a document, a customer).</typeparam>
/// <remarks>
/// Layout of the vector: <c>[domain (DomainDimension) | sin hour, cos hour, weekend (if IncludeTimeOfDay) | 1 (if IncludeBias)]</c>.
/// Thread-safe as long as <see cref="ExtractDomainFeatures"/> is: the normalizer has its own lock.
/// </remarks>
public abstract class FeatureExtractor<TInput>
{
    private readonly FeatureExtractorOptions _options;

    /// <summary>Creates the extractor.</summary>
    /// <param name="domainDimension">The number of domain features written by <see cref="ExtractDomainFeatures"/>; at least 1.</param>
    /// <param name="options">The common features and normalization; defaults when null.</param>
    /// <exception cref="ArgumentException">The options are invalid or <paramref name="domainDimension"/> is less than 1.</exception>
    protected FeatureExtractor(int domainDimension, FeatureExtractorOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(domainDimension, 1);
        // Copy the options: Dimension is fixed here, so later changes to the caller's object must not reach Extract.
        options ??= new FeatureExtractorOptions();
        _options = new FeatureExtractorOptions
        {
            IncludeBias = options.IncludeBias,
            IncludeTimeOfDay = options.IncludeTimeOfDay,
            TimeProvider = options.TimeProvider,
            TimeZone = options.TimeZone,
            Normalize = options.Normalize,
            NormalizationClip = options.NormalizationClip,
            NormalizationEpsilon = options.NormalizationEpsilon,
        };
        _options.Validate();
        DomainDimension = domainDimension;
        Dimension = domainDimension + (_options.IncludeTimeOfDay ? 3 : 0) + (_options.IncludeBias ? 1 : 0);
        Normalizer = _options.Normalize ? new RunningMeanVariance(domainDimension) : null;
    }

    /// <summary>The number of domain features.</summary>
    public int DomainDimension { get; }

    /// <summary>The length of the whole feature vector.</summary>
    public int Dimension { get; }

    /// <summary>The running statistics of the domain features, or <see langword="null"/> when normalization is off. Save it with the agent so a restart normalizes the same way.</summary>
    public RunningMeanVariance? Normalizer { get; }

    /// <summary>
    /// Whether <see cref="Extract(TInput, Span{float})"/> adds each vector to the normalizer's statistics.
    /// Turn it off to evaluate a trained agent with frozen statistics.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UpdateNormalization { get; set; } = true;

    /// <summary>Writes the feature vector of <paramref name="input"/> into <paramref name="destination"/>.</summary>
    /// <param name="input">The domain object.</param>
    /// <param name="destination">Exactly <see cref="Dimension"/> floats.</param>
    /// <exception cref="ArgumentException">The destination has the wrong length, or a domain feature is NaN or infinite.</exception>
    public void Extract(TInput input, Span<float> destination)
    {
        if (destination.Length != Dimension)
        {
            throw new ArgumentException($"The feature vector has {Dimension} components, the destination {destination.Length}.", nameof(destination));
        }

        Span<float> domain = destination[..DomainDimension];
        domain.Clear();
        ExtractDomainFeatures(input, domain);
        for (int i = 0; i < domain.Length; i++)
        {
            if (!float.IsFinite(domain[i]))
            {
                throw new ArgumentException($"Domain feature {i} of {GetType().Name} is {domain[i]}; features must be finite.", nameof(input));
            }
        }

        if (Normalizer is { } normalizer)
        {
            if (UpdateNormalization)
            {
                normalizer.Update(domain);
            }

            normalizer.Normalize(domain, domain, _options.NormalizationEpsilon, _options.NormalizationClip);
        }

        int next = DomainDimension;
        if (_options.IncludeTimeOfDay)
        {
            DateTimeOffset now = TimeZoneInfo.ConvertTime(_options.TimeProvider.GetUtcNow(), _options.TimeZone);
            double angle = 2 * Math.PI * now.TimeOfDay.TotalHours / 24.0;
            destination[next++] = (float)Math.Sin(angle);
            destination[next++] = (float)Math.Cos(angle);
            destination[next++] = now.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1f : 0f;
        }

        if (_options.IncludeBias)
        {
            destination[next] = 1f;
        }
    }

    /// <summary>Returns the feature vector of <paramref name="input"/> in a new array.</summary>
    /// <param name="input">The domain object.</param>
    /// <returns>A vector of <see cref="Dimension"/> floats.</returns>
    public float[] Extract(TInput input)
    {
        var features = new float[Dimension];
        Extract(input, features);
        return features;
    }

    /// <summary>Writes exactly <see cref="DomainDimension"/> domain features of <paramref name="input"/> (the span arrives zeroed).</summary>
    /// <param name="input">The domain object.</param>
    /// <param name="destination">The domain part of the feature vector.</param>
    protected abstract void ExtractDomainFeatures(TInput input, Span<float> destination);
}
