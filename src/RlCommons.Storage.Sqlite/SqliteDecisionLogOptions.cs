using System.Globalization;
using Microsoft.Data.Sqlite;
using RlCommons.Validation;

namespace RlCommons.Storage.Sqlite;

/// <summary>The settings of a <see cref="SqliteDecisionLog"/>: where the database is, and how pending decisions are written.</summary>
/// <remarks>Give exactly one of <see cref="FilePath"/> and <see cref="ConnectionString"/>. The log copies what it uses when it opens; changing the options afterwards has no effect.</remarks>
public sealed class SqliteDecisionLogOptions
{
    /// <summary>The largest <see cref="BusyTimeout"/> SQLite accepts (<see cref="int.MaxValue"/> milliseconds).</summary>
    private static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>The largest <see cref="FlushInterval"/> a timer accepts (<see cref="uint.MaxValue"/> − 1 milliseconds).</summary>
    private static readonly TimeSpan MaxFlushInterval = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    /// <summary>The path of the database file, created when it does not exist.</summary>
    /// <value>The default is <see langword="null"/>: give this or <see cref="ConnectionString"/>.</value>
    public string? FilePath { get; set; }

    /// <summary>A Microsoft.Data.Sqlite connection string, for settings the file path alone cannot express.</summary>
    /// <value>The default is <see langword="null"/>: give this or <see cref="FilePath"/>.</value>
    public string? ConnectionString { get; set; }

    /// <summary>How many pending decisions one write transaction holds at most; reaching it wakes the background writer.</summary>
    /// <value>The default is 256; positive.</value>
    public int BatchSize { get; set; } = 256;

    /// <summary>How often the background writer flushes pending decisions when the batch has not filled.</summary>
    /// <value>The default is 1 second; positive. It bounds how long a decision stays only in memory, and so what a crash can lose.</value>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a statement waits for another connection's lock on the file before failing: SQLite's <c>busy_timeout</c>
    /// and, when <see cref="FilePath"/> is given, Microsoft.Data.Sqlite's command timeout (rounded up to whole seconds,
    /// at least 1), which retries a busy file on top of it.
    /// </summary>
    /// <value>The default is 5 seconds; zero or more.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock of the background writer's flush interval.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the options and throws, listing every problem, when they are not usable.</summary>
    /// <exception cref="ArgumentException">At least one option is invalid; the message lists them all.</exception>
    public void Validate()
    {
        var errors = new ValidationErrors();
        bool hasPath = !string.IsNullOrWhiteSpace(FilePath);
        bool hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasPath == hasConnectionString)
        {
            errors.Add(nameof(FilePath), hasPath
                ? "Give either FilePath or ConnectionString, not both."
                : "FilePath or ConnectionString must be given (a database file path, or a Microsoft.Data.Sqlite connection string).");
        }
        else if (hasConnectionString)
        {
            try
            {
                var builder = new SqliteConnectionStringBuilder(ConnectionString);
                errors.Require(!string.IsNullOrWhiteSpace(builder.DataSource), nameof(ConnectionString), "ConnectionString must name a Data Source.");
            }
            catch (ArgumentException e)
            {
                errors.Add(nameof(ConnectionString), $"ConnectionString is not a valid SQLite connection string: {e.Message}");
            }
        }

        errors.Require(BatchSize > 0, nameof(BatchSize), string.Create(CultureInfo.InvariantCulture, $"BatchSize must be greater than 0, was {BatchSize}."));
        errors.Require(FlushInterval > TimeSpan.Zero && FlushInterval <= MaxFlushInterval, nameof(FlushInterval),
            string.Create(CultureInfo.InvariantCulture, $"FlushInterval must be greater than zero and at most {MaxFlushInterval}, was {FlushInterval}."));
        errors.Require(BusyTimeout >= TimeSpan.Zero && BusyTimeout <= MaxBusyTimeout, nameof(BusyTimeout),
            string.Create(CultureInfo.InvariantCulture, $"BusyTimeout must be zero or more and at most {MaxBusyTimeout}, was {BusyTimeout}."));
        errors.Require(TimeProvider is not null, nameof(TimeProvider), "TimeProvider must not be null.");
        errors.ThrowIfAny("options");
    }
}
