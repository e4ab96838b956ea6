namespace RlCommons.Snapshots;

/// <summary>
/// Replaces a file's content all at once: the bytes go in full to a temporary file in the same folder, are flushed to
/// disk, and the temporary file is renamed over the target. A failure at any point leaves the previous file as it was.
/// </summary>
/// <remarks>Thread safety: concurrent writers to one path each write whole files; the last rename wins.</remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically; the folder is created when missing.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="bytes">The complete new content.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="IOException">The write failed; the target is untouched and the temporary file removed.</exception>
    public static void Write(string path, ReadOnlySpan<byte> bytes) => Write(path, bytes, crashAfterBytes: null);

    /// <summary>
    /// Test hook: with <paramref name="crashAfterBytes"/> set, the write stops after that many bytes with an
    /// <see cref="IOException"/> and leaves its temporary file behind, as a crash would.
    /// </summary>
    internal static void Write(string path, ReadOnlySpan<byte> bytes, long? crashAfterBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                if (crashAfterBytes is { } n)
                {
                    stream.Write(bytes[..(int)Math.Min(n, bytes.Length)]);
                    stream.Flush(flushToDisk: true);
                    throw new IOException($"Simulated crash after {n} bytes of {Path.GetFileName(full)}.");
                }

                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch when (crashAfterBytes is null)
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }

            throw;
        }
    }
}
