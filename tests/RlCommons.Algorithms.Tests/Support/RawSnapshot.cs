using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Tests.Support;

/// <summary>
/// Builds snapshots by hand: a payload of our choosing inside a well-formed envelope (valid header and
/// SHA-256), so the bandit's own payload validation is what gets tested, not the checksum.
/// </summary>
internal static class RawSnapshot
{
    /// <summary>The payload a snapshotable writes (no envelope).</summary>
    public static byte[] PayloadOf(ISnapshotable source)
    {
        var writer = new SnapshotWriter();
        source.WriteSnapshot(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Wraps <paramref name="payload"/> in the snapshot envelope (format 1, payload version <paramref name="version"/>).</summary>
    public static byte[] Wrap(string type, ReadOnlySpan<byte> payload, int version = 1)
    {
        byte[] typeBytes = Encoding.UTF8.GetBytes(type);
        int header = 12 + typeBytes.Length + 20;
        var bytes = new byte[header + payload.Length + 32];
        Span<byte> span = bytes;
        "RLCS"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], typeBytes.Length);
        typeBytes.CopyTo(span[12..]);
        int offset = 12 + typeBytes.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[offset..], version);
        BinaryPrimitives.WriteInt64LittleEndian(span[(offset + 4)..], FixedTimeProvider.Instance.GetUtcNow().UtcTicks);
        BinaryPrimitives.WriteInt64LittleEndian(span[(offset + 12)..], payload.Length);
        payload.CopyTo(span[header..]);
        SHA256.HashData(span[..^32], span[^32..]);
        return bytes;
    }

    /// <summary>The snapshot of <paramref name="source"/> taken with the fixed clock.</summary>
    public static byte[] Take(ISnapshotable source) => Snapshot.ToBytes(source, FixedTimeProvider.Instance);
}
