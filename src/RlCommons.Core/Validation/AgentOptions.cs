namespace RlCommons.Validation;

/// <summary>
/// The base of every agent's options: the source of randomness and of time, and validation that lists
/// every problem at once. Agents validate their options when they are built; DI validates them on start.
/// </summary>
public abstract class AgentOptions
{
    /// <summary>
    /// The seed of the agent's randomness. When set it wins over <see cref="Random"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the seed is drawn from <see cref="Random"/>, or is 0 when that is not set either, so an agent is reproducible unless told otherwise.</value>
    public long? Seed { get; set; }

    /// <summary>A random source to draw the agent's seed from, once, when <see cref="Seed"/> is not set.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Random? Random { get; set; }

    /// <summary>The clock for everything time-based (snapshot timestamps, time-based schedules).</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem with these options.</summary>
    /// <exception cref="ArgumentException">The options are not valid; the message names each parameter at fault.</exception>
    public void Validate()
    {
        ValidationErrors errors = Collect();
        errors.ThrowIfAny("options");
    }

    /// <summary>Returns every problem with these options without throwing.</summary>
    /// <returns>The problems found; empty when the options are valid.</returns>
    public ValidationErrors Collect()
    {
        var errors = new ValidationErrors();
        errors.Require(TimeProvider is not null, nameof(TimeProvider), "TimeProvider must not be null.");
        Validate(errors);
        return errors;
    }

    /// <summary>Adds this options type's own problems to <paramref name="errors"/>.</summary>
    /// <param name="errors">The collector.</param>
    protected abstract void Validate(ValidationErrors errors);
}
