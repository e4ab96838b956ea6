using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace RlCommons.Snapshots;

/// <summary>
/// Reads a snapshot payload written by <see cref="SnapshotWriter"/>. Every read checks the remaining length
/// and throws <see cref="SnapshotException"/> rather than reading past the end or allocating from a corrupt
/// length.
/// </summary>
public sealed class SnapshotReader
{
    private readonly ReadOnlyMemory<byte> _payload;
    private int _position;

    /// <summary>Creates a reader over <paramref name="payload"/>.</summary>
    /// <param name="payload">The payload bytes.</param>
    public SnapshotReader(ReadOnlyMemory<byte> payload) => _payload = payload;

    /// <summary>The number of bytes not yet read.</summary>
    public int Remaining => _payload.Length - _position;

    /// <summary>Reads a 32-bit integer.</summary>
    /// <returns>The value.</returns>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a 64-bit integer.</summary>
    /// <returns>The value.</returns>
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>Reads an unsigned 64-bit integer.</summary>
    /// <returns>The value.</returns>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>Reads a double.</summary>
    /// <returns>The value.</returns>
    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    /// <summary>Reads a float.</summary>
    /// <returns>The value.</returns>
    public float ReadSingle() => BitConverter.Int32BitsToSingle(ReadInt32());

    /// <summary>Reads a boolean.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="SnapshotException">The byte is neither 0 nor 1.</exception>
    public bool ReadBoolean()
    {
        byte b = Take(1)[0];
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new SnapshotException($"Expected a boolean (0 or 1) at payload offset {_position - 1}, found {b}."),
        };
    }

    /// <summary>Reads a string written by <see cref="SnapshotWriter.WriteString"/>.</summary>
    /// <returns>The string, or <see langword="null"/>.</returns>
    public string? ReadString()
    {
        int length = ReadInt32();
        if (length == -1)
        {
            return null;
        }

        RequireLength(length, 1);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take(length));
        }
        catch (DecoderFallbackException ex)
        {
            throw new SnapshotException("A string in the snapshot is not valid UTF-8.", ex);
        }
    }

    /// <summary>Reads a non-null string.</summary>
    /// <returns>The string.</returns>
    /// <exception cref="SnapshotException">The stored string is null.</exception>
    public string ReadRequiredString() => ReadString() ?? throw new SnapshotException("Expected a string, found null.");

    /// <summary>Reads bytes written by <see cref="SnapshotWriter.WriteBytes"/>.</summary>
    /// <returns>A new array with the bytes.</returns>
    public byte[] ReadBytes()
    {
        int length = ReadInt32();
        RequireLength(length, 1);
        return Take(length).ToArray();
    }

    /// <summary>Reads doubles written by <see cref="SnapshotWriter.WriteDoubles"/>.</summary>
    /// <returns>A new array.</returns>
    public double[] ReadDoubles() => ReadBlock<double>();

    /// <summary>Reads floats written by <see cref="SnapshotWriter.WriteSingles"/>.</summary>
    /// <returns>A new array.</returns>
    public float[] ReadSingles() => ReadBlock<float>();

    /// <summary>Reads 32-bit integers written by <see cref="SnapshotWriter.WriteInt32s"/>.</summary>
    /// <returns>A new array.</returns>
    public int[] ReadInt32s() => ReadBlock<int>();

    /// <summary>Reads 64-bit integers written by <see cref="SnapshotWriter.WriteInt64s"/>.</summary>
    /// <returns>A new array.</returns>
    public long[] ReadInt64s() => ReadBlock<long>();

    /// <summary>Reads doubles and checks that there are exactly <paramref name="expectedCount"/> of them.</summary>
    /// <param name="expectedCount">The count the caller's configuration requires.</param>
    /// <param name="what">What the values are, for the error message.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="SnapshotException">The count differs.</exception>
    public double[] ReadDoubles(int expectedCount, string what)
    {
        double[] values = ReadDoubles();
        if (values.Length != expectedCount)
        {
            throw new SnapshotException($"Expected {expectedCount} values for {what}, the snapshot has {values.Length}.");
        }

        return values;
    }

    /// <summary>Throws when any byte is left unread: a payload longer than its reader expects is malformed.</summary>
    /// <exception cref="SnapshotException">Bytes remain.</exception>
    public void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw new SnapshotException($"The payload has {Remaining} unexpected trailing bytes.");
        }
    }

    private T[] ReadBlock<T>()
        where T : unmanaged
    {
        int count = ReadInt32();
        int size = Marshal.SizeOf<T>();
        RequireLength(count, size);
        var values = new T[count];
        Take(count * size).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private void RequireLength(int count, int elementSize)
    {
        if (count < 0 || (long)count * elementSize > Remaining)
        {
            throw new SnapshotException($"The payload is truncated or corrupt: a length of {count} at offset {_position - 4} exceeds the {Remaining} bytes left.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new SnapshotException($"The payload is truncated: needed {count} bytes at offset {_position}, {Remaining} left.");
        }

        ReadOnlySpan<byte> span = _payload.Span.Slice(_position, count);
        _position += count;
        return span;
    }
}
