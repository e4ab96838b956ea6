namespace RlCommons.Snapshots;

/// <summary>
/// A snapshot could not be read: it is truncated, corrupted (checksum mismatch), of another format version,
/// of another agent type, or its content does not fit the agent. The agent it was loaded into is unchanged.
/// </summary>
public sealed class SnapshotException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the snapshot.</param>
    public SnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What is wrong with the snapshot.</param>
    /// <param name="innerException">The underlying failure.</param>
    public SnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public SnapshotException()
    {
    }
}
