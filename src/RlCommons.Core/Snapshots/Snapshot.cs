using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RlCommons.Snapshots;

/// <summary>
/// Saves and loads the state of an <see cref="ISnapshotable"/> in the RlCommons snapshot format: a header
/// (magic <c>RLCS</c>, format version, snapshot type and version, creation time, payload length), the
/// payload, and a SHA-256 checksum over everything before it.
/// </summary>
/// <remarks>
/// <para>Layout (little-endian):</para>
/// <code>
/// "RLCS" | u16 format=1 | u16 flags=0 | i32 typeLength | type (UTF-8) | i32 snapshotVersion
///        | i64 createdUtcTicks | i64 payloadLength | payload | SHA-256(all preceding bytes)
/// </code>
/// <para>
/// Saving to a path is atomic: the snapshot is written in full to a temporary file in the same folder,
/// flushed to disk and renamed over the target, so a failed save leaves the previous snapshot intact.
/// Loading checks the header, the length and the checksum before the payload is handed to the object,
/// which then replaces its state all or nothing (see <see cref="ISnapshotable"/>).
/// </para>
/// </remarks>
public static class Snapshot
{
    /// <summary>The container format version this library writes.</summary>
    public const int FormatVersion = 1;

    private const int ChecksumLength = 32;
    private const int MaxTypeLength = 1024;
    private static ReadOnlySpan<byte> Magic => "RLCS"u8;

    /// <summary>Serializes <paramref name="source"/> into a complete snapshot in memory.</summary>
    /// <param name="source">The object to snapshot.</param>
    /// <param name="timeProvider">The clock for the creation time; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The snapshot bytes.</returns>
    public static byte[] ToBytes(ISnapshotable source, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var payload = new SnapshotWriter();
        source.WriteSnapshot(payload);
        ReadOnlySpan<byte> body = payload.WrittenSpan;

        byte[] type = Encoding.UTF8.GetBytes(source.SnapshotType);
        if (type.Length is 0 or > MaxTypeLength)
        {
            throw new ArgumentException($"SnapshotType must be 1 to {MaxTypeLength} UTF-8 bytes.", nameof(source));
        }

        int headerLength = 4 + 2 + 2 + 4 + type.Length + 4 + 8 + 8;
        var bytes = new byte[headerLength + body.Length + ChecksumLength];
        Span<byte> span = bytes;
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], type.Length);
        type.CopyTo(span[12..]);
        int offset = 12 + type.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[offset..], source.SnapshotVersion);
        long created = (timeProvider ?? TimeProvider.System).GetUtcNow().UtcTicks;
        BinaryPrimitives.WriteInt64LittleEndian(span[(offset + 4)..], created);
        BinaryPrimitives.WriteInt64LittleEndian(span[(offset + 12)..], body.Length);
        body.CopyTo(span[headerLength..]);
        SHA256.HashData(span[..^ChecksumLength], span[^ChecksumLength..]);
        SnapshotMetrics.Saved(source.SnapshotType);
        return bytes;
    }

    /// <summary>Writes a snapshot of <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="source">The object to snapshot.</param>
    /// <param name="destination">A writable stream.</param>
    /// <param name="timeProvider">The clock for the creation time.</param>
    public static void Save(ISnapshotable source, Stream destination, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(ToBytes(source, timeProvider));
    }

    /// <summary>Writes a snapshot of <paramref name="source"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="source">The object to snapshot.</param>
    /// <param name="path">The target file; its folder is created when missing.</param>
    /// <param name="timeProvider">The clock for the creation time.</param>
    /// <remarks>The snapshot is serialized in memory first; if that or any write fails, the file at <paramref name="path"/> is untouched.</remarks>
    public static void Save(ISnapshotable source, string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.Write(path, ToBytes(source, timeProvider));
    }

    /// <summary>Replaces the state of <paramref name="target"/> with the snapshot in <paramref name="bytes"/>.</summary>
    /// <param name="target">The object to restore.</param>
    /// <param name="bytes">A complete snapshot.</param>
    /// <returns>The snapshot's header.</returns>
    /// <exception cref="SnapshotException">The snapshot is truncated, corrupted, of an unknown format version, of another type, or does not fit <paramref name="target"/>; the target is unchanged.</exception>
    public static SnapshotInfo Load(ISnapshotable target, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(target);
        (SnapshotInfo info, ReadOnlyMemory<byte> payload) = Parse(bytes);
        if (!string.Equals(info.SnapshotType, target.SnapshotType, StringComparison.Ordinal))
        {
            throw new SnapshotException($"The snapshot holds a '{info.SnapshotType}', not a '{target.SnapshotType}'.");
        }

        if (info.SnapshotVersion > target.SnapshotVersion || info.SnapshotVersion < 1)
        {
            throw new SnapshotException($"The snapshot's '{info.SnapshotType}' payload version {info.SnapshotVersion} is not supported (this build reads 1 to {target.SnapshotVersion}).");
        }

        var reader = new SnapshotReader(payload);
        try
        {
            target.ReadSnapshot(reader, info.SnapshotVersion);
        }
        catch (Exception ex) when (ex is not SnapshotException and (ArgumentException or InvalidOperationException or OverflowException or IndexOutOfRangeException))
        {
            throw new SnapshotException($"The snapshot's '{info.SnapshotType}' payload is not valid: {ex.Message}", ex);
        }

        SnapshotMetrics.Loaded(info.SnapshotType);
        return info;
    }

    /// <summary>Replaces the state of <paramref name="target"/> with the snapshot read from <paramref name="source"/> (to its end).</summary>
    /// <param name="target">The object to restore.</param>
    /// <param name="source">A readable stream.</param>
    /// <returns>The snapshot's header.</returns>
    /// <exception cref="SnapshotException">See <see cref="Load(ISnapshotable, ReadOnlyMemory{byte})"/>.</exception>
    public static SnapshotInfo Load(ISnapshotable target, Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var copy = new MemoryStream();
        source.CopyTo(copy);
        return Load(target, copy.GetBuffer().AsMemory(0, (int)copy.Length));
    }

    /// <summary>Replaces the state of <paramref name="target"/> with the snapshot in the file at <paramref name="path"/>.</summary>
    /// <param name="target">The object to restore.</param>
    /// <param name="path">The snapshot file.</param>
    /// <returns>The snapshot's header.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">Its folder does not exist.</exception>
    /// <exception cref="SnapshotException">See <see cref="Load(ISnapshotable, ReadOnlyMemory{byte})"/>.</exception>
    public static SnapshotInfo Load(ISnapshotable target, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Load(target, File.ReadAllBytes(path));
    }

    /// <summary>Reads and verifies a snapshot's header and checksum without loading it.</summary>
    /// <param name="bytes">A complete snapshot.</param>
    /// <returns>The header.</returns>
    /// <exception cref="SnapshotException">The snapshot is truncated, corrupted or of an unknown format version.</exception>
    public static SnapshotInfo ReadInfo(ReadOnlyMemory<byte> bytes) => Parse(bytes).Info;

    private static (SnapshotInfo Info, ReadOnlyMemory<byte> Payload) Parse(ReadOnlyMemory<byte> memory)
    {
        ReadOnlySpan<byte> span = memory.Span;
        const int minimum = 12 + 1 + 4 + 8 + 8 + ChecksumLength;
        if (span.Length < 4 || !span[..4].SequenceEqual(Magic))
        {
            throw new SnapshotException(span.Length < 4
                ? $"This is not an RlCommons snapshot: only {span.Length} bytes."
                : "This is not an RlCommons snapshot: the magic bytes 'RLCS' are missing.");
        }

        if (span.Length < minimum)
        {
            throw new SnapshotException($"The snapshot is truncated: {span.Length} bytes, less than the smallest valid snapshot ({minimum}).");
        }

        int format = BinaryPrimitives.ReadUInt16LittleEndian(span[4..]);
        if (format != FormatVersion)
        {
            throw new SnapshotException($"Snapshot format version {format} is not supported (this build reads version {FormatVersion}).");
        }

        int typeLength = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        if (typeLength is <= 0 or > MaxTypeLength || 12 + typeLength + 4 + 8 + 8 + ChecksumLength > span.Length)
        {
            throw new SnapshotException("The snapshot is truncated or corrupt: the type name length is invalid.");
        }

        int offset = 12 + typeLength;
        long payloadLength = BinaryPrimitives.ReadInt64LittleEndian(span[(offset + 12)..]);
        int headerLength = offset + 20;
        long expected = headerLength + payloadLength + ChecksumLength;
        if (payloadLength < 0 || expected != span.Length)
        {
            throw new SnapshotException(payloadLength >= 0 && expected > span.Length
                ? $"The snapshot is truncated: the header announces {expected} bytes, the data has {span.Length}."
                : $"The snapshot is corrupt: the header announces {expected} bytes, the data has {span.Length}.");
        }

        Span<byte> hash = stackalloc byte[ChecksumLength];
        SHA256.HashData(span[..^ChecksumLength], hash);
        if (!CryptographicOperations.FixedTimeEquals(hash, span[^ChecksumLength..]))
        {
            throw new SnapshotException("The snapshot is corrupted: its SHA-256 checksum does not match its content.");
        }

        string type;
        try
        {
            type = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span.Slice(12, typeLength));
        }
        catch (DecoderFallbackException ex)
        {
            throw new SnapshotException("The snapshot's type name is not valid UTF-8.", ex);
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
        long ticks = BinaryPrimitives.ReadInt64LittleEndian(span[(offset + 4)..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new SnapshotException("The snapshot's creation time is out of range.");
        }

        var info = new SnapshotInfo(format, type, version, new DateTimeOffset(ticks, TimeSpan.Zero), payloadLength);
        return (info, memory.Slice(headerLength, (int)payloadLength));
    }
}
